package io.sightline.collector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Decompresses request bodies by their {@code Content-Encoding}, refusing to inflate past a
 * size limit so that a small compressed request cannot exhaust memory. Shared by every HTTP
 * receiver.
 */
public final class RequestBodies {
    public static final String SUPPORTED_ENCODINGS = "gzip, deflate, identity";

    private RequestBodies() {}

    /**
     * @throws InvalidSpansException for an unknown encoding or a body that does not decompress
     * @throws RequestTooLargeException when the decompressed body would exceed {@code maxBytes}
     */
    public static byte[] decode(byte[] body, String contentEncoding, long maxBytes) {
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "":
            case "identity":
                return body;
            case "gzip":
            case "x-gzip":
                return inflate(body, true, maxBytes, encoding);
            case "deflate":
                return inflate(body, false, maxBytes, encoding);
            default:
                throw new InvalidSpansException("unsupported Content-Encoding: " + contentEncoding
                        + " (supported: " + SUPPORTED_ENCODINGS + ")");
        }
    }

    private static byte[] inflate(byte[] body, boolean gzip, long maxBytes, String encoding) {
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(body))
                : new InflaterInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length * 4));
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new RequestTooLargeException("decompressed request body exceeds " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new InvalidSpansException("cannot decompress " + encoding + " request body: " + e.getMessage(), e);
        }
    }

    /** The (decompressed) body is over the configured limit. */
    public static final class RequestTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RequestTooLargeException(String message) {
            super(message, null, false, false);
        }
    }
}

package io.sightline.collector.zipkin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Gunzips request bodies, refusing to inflate past a limit so that a small compressed request
 * cannot exhaust the heap. Zipkin senders only ever use gzip.
 */
final class GzipBodies {
    private static final int BUFFER_BYTES = 16 * 1024;

    private GzipBodies() {}

    /**
     * @throws BodyTooLargeException when the inflated body would exceed {@code maxBytes}
     * @throws IOException when the body is not valid gzip
     */
    static byte[] gunzip(byte[] body, long maxBytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes, Math.max(64L, body.length * 4L)));
            byte[] buffer = new byte[BUFFER_BYTES];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new BodyTooLargeException("gunzipped request body exceeds " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** The inflated body is over the configured limit. */
    static final class BodyTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(String message) {
            super(message, null, false, false);
        }
    }
}

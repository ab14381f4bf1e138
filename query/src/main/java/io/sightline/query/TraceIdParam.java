package io.sightline.query;

import io.sightline.core.model.TraceId;
import java.util.Base64;

/**
 * Parses a trace ID from a request: hex as Jaeger has always accepted it, then (as Jaeger
 * v2.20+) base64 of 8 or 16 bytes, standard or URL alphabet, padded or not.
 */
final class TraceIdParam {
    /** 16 bytes are 24 base64 characters with padding; anything longer cannot be one. */
    private static final int MAX_BASE64_LENGTH = 24;

    private TraceIdParam() {}

    /** @throws ApiException 400 naming what is wrong with the hex form */
    static TraceId parse(String value) {
        try {
            return TraceId.fromHex(value);
        } catch (IllegalArgumentException notHex) {
            TraceId fromBase64 = value.length() <= MAX_BASE64_LENGTH ? fromBase64(value) : null;
            if (fromBase64 == null) {
                throw ApiException.badRequest(notHex.getMessage());
            }
            return fromBase64;
        }
    }

    /** Null when the value is not base64 of 8 or 16 bytes. */
    private static TraceId fromBase64(String value) {
        // The URL alphabet mapped onto the standard one; Java's decoder takes missing padding.
        String standard = value.replace('-', '+').replace('_', '/');
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(standard);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        return bytes.length == 8 || bytes.length == 16 ? TraceId.fromBytes(bytes) : null;
    }
}

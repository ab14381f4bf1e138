package io.sightline.collector.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the UTF-8 bytes of protobuf string fields into Strings, checking them as protobuf's
 * proto3 parser does (invalid UTF-8 refuses the message). Short strings the caller expects to
 * repeat (attribute keys, span and service names, small values such as {@code GET}) come from a
 * small direct-mapped cache of one request, so a batch of spans with the same keys holds one
 * copy of each instead of one per span.
 */
final class WireStrings {
    private static final int SLOTS = 256;
    static final int MAX_CACHED_BYTES = 48;

    private final byte[][] cachedBytes = new byte[SLOTS][];
    private final String[] cachedStrings = new String[SLOTS];

    /** A string that may repeat across the request: looked up in the cache first. */
    String repeated(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return "";
        }
        if (length > MAX_CACHED_BYTES) {
            return create(buffer, offset, length);
        }
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + buffer[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] cached = cachedBytes[slot];
        if (cached != null && Arrays.equals(cached, 0, cached.length, buffer, offset, offset + length)) {
            return cachedStrings[slot];
        }
        String created = create(buffer, offset, length);
        cachedBytes[slot] = Arrays.copyOfRange(buffer, offset, offset + length);
        cachedStrings[slot] = created;
        return created;
    }

    /** A string unlikely to repeat (an SQL statement, a URL with IDs): never cached. */
    static String create(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return "";
        }
        if (!isValidUtf8(buffer, offset, length)) {
            throw new IllegalArgumentException("invalid UTF-8 in a string field");
        }
        return new String(buffer, offset, length, StandardCharsets.UTF_8);
    }

    /** Well-formed UTF-8 as Unicode defines it: no overlong forms, no surrogates, nothing past U+10FFFF. */
    static boolean isValidUtf8(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b0 = bytes[i];
            if (b0 >= 0) {
                i++;
                continue;
            }
            b0 &= 0xFF;
            if (b0 < 0xC2) {
                return false;
            }
            if (b0 < 0xE0) {
                if (i + 1 >= end || !continuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (b0 < 0xF0) {
                if (i + 2 >= end || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])) {
                    return false;
                }
                int b1 = bytes[i + 1] & 0xFF;
                if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 >= 0xA0)) {
                    return false;
                }
                i += 3;
            } else if (b0 < 0xF5) {
                if (i + 3 >= end || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])
                        || !continuation(bytes[i + 3])) {
                    return false;
                }
                int b1 = bytes[i + 1] & 0xFF;
                if ((b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 >= 0x90)) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}

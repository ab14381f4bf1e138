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
    private static final int SLOT_BITS = 9;
    private static final int SLOTS = 1 << SLOT_BITS;
    /** The 64-bit golden-ratio constant: an odd multiplier that spreads low input bits upwards. */
    private static final long MIX = 0x9E3779B97F4A7C15L;
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
        int slot = slotOf(buffer, offset, length);
        byte[] cached = cachedBytes[slot];
        if (cached != null && Arrays.equals(cached, 0, cached.length, buffer, offset, offset + length)) {
            return cachedStrings[slot];
        }
        String created = create(buffer, offset, length);
        cachedBytes[slot] = Arrays.copyOfRange(buffer, offset, offset + length);
        cachedStrings[slot] = created;
        return created;
    }

    /**
     * The cache slot of some bytes: eight at a time, multiplied into the high bits, which pick
     * the slot. A byte-by-byte hash was a third of the whole decoder's time.
     */
    static int slotOf(byte[] buffer, int offset, int length) {
        long hash = length;
        int i = offset;
        int end = offset + length;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            hash = (hash ^ (long) ProtoWireReader.LITTLE_ENDIAN_LONGS.get(buffer, i)) * MIX;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += Byte.SIZE) {
            tail |= (buffer[i] & 0xFFL) << shift;
        }
        hash = (hash ^ tail) * MIX;
        return (int) (hash >>> (Long.SIZE - SLOT_BITS));
    }

    /** A string unlikely to repeat (an SQL statement, a URL with IDs): never cached. */
    static String create(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return "";
        }
        if (isAscii(buffer, offset, length)) {
            // Most attribute strings: a copy, with no decoding and no second validation pass.
            return new String(buffer, offset, length, StandardCharsets.ISO_8859_1);
        }
        if (!isValidUtf8(buffer, offset, length)) {
            throw new IllegalArgumentException("invalid UTF-8 in a string field");
        }
        return new String(buffer, offset, length, StandardCharsets.UTF_8);
    }

    /** Whether every byte is below 0x80, eight at a time. */
    static boolean isAscii(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        long highBits = 0;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            highBits |= (long) ProtoWireReader.LITTLE_ENDIAN_LONGS.get(bytes, i);
        }
        for (; i < end; i++) {
            highBits |= bytes[i];
        }
        return (highBits & 0x8080808080808080L) == 0;
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

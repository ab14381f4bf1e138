package io.sightline.core.model;

/** Hex and big-endian helpers for trace and span IDs. */
public final class HexIds {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private HexIds() {}

    /** 16 lower-case hex characters, zero-padded: the only form a span ID is rendered in. */
    public static String toHex16(long value) {
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = DIGITS[(int) (value & 0xF)];
            value >>>= 4;
        }
        return new String(out);
    }

    /**
     * Parses a span ID of 1–16 hex characters.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static long parseSpanId(String hex) {
        if (hex.isEmpty()) {
            throw new IllegalArgumentException("SpanID is empty");
        }
        if (hex.length() > 16) {
            throw new IllegalArgumentException("SpanID cannot be longer than 16 hex characters: " + hex);
        }
        return parseHexLong(hex, 0, hex.length(), "SpanID");
    }

    static long parseHexLong(String hex, int from, int to, String what) {
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(hex.charAt(i), 16);
            if (digit < 0) {
                throw new IllegalArgumentException(what + " is not a hex string: " + hex);
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    public static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    public static void writeLong(byte[] bytes, int offset, long value) {
        for (int i = 7; i >= 0; i--) {
            bytes[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    /** Lower-case hex of arbitrary bytes (the string form binary tag values are matched by). */
    public static String toHex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }
}

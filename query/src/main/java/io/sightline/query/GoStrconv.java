package io.sightline.query;

/**
 * Go's {@code strconv.ParseInt} and {@code ParseBool}, with their error messages: Jaeger
 * answers a malformed number with the raw strconv message, and clients may show it.
 */
final class GoStrconv {
    private GoStrconv() {}

    /**
     * A base-10 integer that fits in {@code bitSize} bits (32 or 64), optionally signed.
     * Unlike {@link Long#parseLong}, only ASCII digits are taken.
     *
     * @throws IllegalArgumentException {@code strconv.ParseInt: parsing "x": invalid syntax}
     *     or {@code … value out of range}
     */
    static long parseInt(String text, int bitSize) {
        int i = 0;
        if (!text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
            i = 1;
        }
        if (i == text.length()) {
            throw error("ParseInt", text, "invalid syntax");
        }
        for (int j = i; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c < '0' || c > '9') {
                throw error("ParseInt", text, "invalid syntax");
            }
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException tooLong) {
            throw error("ParseInt", text, "value out of range");
        }
        if (bitSize == 32 && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            throw error("ParseInt", text, "value out of range");
        }
        return value;
    }

    /** The spellings Go accepts: 1, t, T, TRUE, true, True and their false counterparts. */
    static boolean parseBool(String text) {
        return switch (text) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw error("ParseBool", text, "invalid syntax");
        };
    }

    /** Go's {@code %q} for the strings that reach these messages: quotes and backslashes escaped. */
    static String quote(String text) {
        return io.sightline.core.model.GoStrings.quote(text);
    }

    private static IllegalArgumentException error(String function, String text, String reason) {
        return new IllegalArgumentException("strconv." + function + ": parsing " + quote(text) + ": " + reason);
    }
}

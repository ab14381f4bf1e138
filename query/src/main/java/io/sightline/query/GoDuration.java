package io.sightline.query;

/**
 * Go's {@code time.Duration} text form, as Jaeger takes {@code minDuration}/{@code maxDuration}
 * and as it prints clock-skew deltas in span warnings. Parsing accepts what
 * {@code time.ParseDuration} accepts ({@code 1h30m}, {@code 1.5s}, {@code 250us}, {@code 250µs},
 * {@code -2m}, {@code 0}) and fails with its messages, which Jaeger passes on to clients.
 */
final class GoDuration {
    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MINUTE = 60 * NANOS_PER_SECOND;
    private static final long NANOS_PER_HOUR = 60 * NANOS_PER_MINUTE;

    private GoDuration() {}

    /**
     * The duration in nanoseconds.
     *
     * @throws IllegalArgumentException with Go's message, such as
     *     {@code time: invalid duration "abc"} or {@code time: missing unit in duration "15"}
     */
    static long parseNanos(String text) {
        String quoted = GoStrconv.quote(text);
        int i = 0;
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (text.substring(i).equals("0")) {
            return 0;
        }
        if (i == text.length()) {
            throw invalid(quoted);
        }
        // Accumulated as a decimal of arbitrary precision, so 1.0000000001h rounds as Go does (down).
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        while (i < text.length()) {
            int numberStart = i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
            boolean hasInteger = i > numberStart;
            boolean hasFraction = false;
            if (i < text.length() && text.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                while (i < text.length() && isDigit(text.charAt(i))) {
                    i++;
                }
                hasFraction = i > fractionStart;
            }
            if (!hasInteger && !hasFraction) {
                throw invalid(quoted);
            }
            java.math.BigDecimal number = new java.math.BigDecimal(
                    text.substring(numberStart, i).equals(".") ? "0" : fixDot(text.substring(numberStart, i)));
            int unitStart = i;
            while (i < text.length() && text.charAt(i) != '.' && !isDigit(text.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw new IllegalArgumentException("time: missing unit in duration " + quoted);
            }
            String unit = text.substring(unitStart, i);
            long unitNanos = unitNanos(unit);
            if (unitNanos == 0) {
                throw new IllegalArgumentException("time: unknown unit " + GoStrconv.quote(unit)
                        + " in duration " + quoted);
            }
            total = total.add(number.multiply(java.math.BigDecimal.valueOf(unitNanos)));
        }
        java.math.BigInteger nanos = total.toBigInteger();
        if (negative) {
            nanos = nanos.negate();
        }
        if (nanos.bitLength() > 63) {
            throw invalid(quoted);
        }
        return nanos.longValueExact();
    }

    /**
     * What Go's {@code Duration.String()} prints: {@code 0s}, {@code 1.5µs}, {@code 250ms},
     * {@code 2.5s}, {@code 1h2m3s}.
     */
    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        // Long.MIN_VALUE has no positive counterpart; it is far beyond any span duration.
        long u = Math.abs(Math.max(nanos, -Long.MAX_VALUE));
        if (u < NANOS_PER_MICRO) {
            return sign + u + "ns";
        }
        if (u < NANOS_PER_MILLI) {
            return sign + decimal(u, NANOS_PER_MICRO, 3) + "µs";
        }
        if (u < NANOS_PER_SECOND) {
            return sign + decimal(u, NANOS_PER_MILLI, 6) + "ms";
        }
        long hours = u / NANOS_PER_HOUR;
        long minutes = u % NANOS_PER_HOUR / NANOS_PER_MINUTE;
        String seconds = decimal(u % NANOS_PER_MINUTE, NANOS_PER_SECOND, 9) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        if (minutes > 0) {
            return sign + minutes + "m" + seconds;
        }
        return sign + seconds;
    }

    /** {@code value / unit} with up to {@code digits} fraction digits, trailing zeros dropped. */
    private static String decimal(long value, long unit, int digits) {
        long whole = value / unit;
        long fraction = value % unit;
        if (fraction == 0) {
            return Long.toString(whole);
        }
        StringBuilder text = new StringBuilder(Long.toString(fraction));
        while (text.length() < digits) {
            text.insert(0, '0');
        }
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + text.substring(0, end);
    }

    /** 0 for an unknown unit. Go accepts both micro signs: U+00B5 and U+03BC. */
    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "\u00b5s", "\u03bcs" -> NANOS_PER_MICRO;
            case "ms" -> NANOS_PER_MILLI;
            case "s" -> NANOS_PER_SECOND;
            case "m" -> NANOS_PER_MINUTE;
            case "h" -> NANOS_PER_HOUR;
            default -> 0;
        };
    }

    /** BigDecimal takes neither "5." nor ".5"; Go takes both. */
    private static String fixDot(String number) {
        if (number.endsWith(".")) {
            number = number.substring(0, number.length() - 1);
        }
        return number.startsWith(".") ? "0" + number : number;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String quoted) {
        return new IllegalArgumentException("time: invalid duration " + quoted);
    }
}

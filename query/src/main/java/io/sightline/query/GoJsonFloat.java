package io.sightline.query;

import java.math.BigDecimal;

/**
 * Formats a finite double the way Go's {@code encoding/json} does, so that float tags come out
 * byte-for-byte as Jaeger writes them ({@code 200}, not Java's {@code 200.0}; {@code 1e+21},
 * {@code 1.5e-7}). Clients parse both forms alike; matching Go keeps golden-file diffs against
 * real Jaeger output clean.
 */
final class GoJsonFloat {
    /** Go switches to exponent form outside [1e-6, 1e21). */
    private static final double PLAIN_MIN = 1e-6;
    private static final double PLAIN_LIMIT = 1e21;

    private GoJsonFloat() {}

    /** @param value finite (NaN and ±Inf are not JSON numbers; callers write them as strings) */
    static String format(double value) {
        if (value == 0) {
            // Go keeps the sign of negative zero.
            return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
        }
        // Double.toString gives the shortest digits that round-trip, as Go's AppendFloat(-1) does.
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double abs = Math.abs(value);
        if (abs >= PLAIN_MIN && abs < PLAIN_LIMIT) {
            return shortest.toPlainString();
        }
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (value < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int absExponent = Math.abs(exponent);
        // Go pads positive exponents to two digits and strips the pad from negative ones.
        if (exponent > 0 && absExponent < 10) {
            out.append('0');
        }
        return out.append(absExponent).toString();
    }
}

package io.sightline.core.model;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Formats doubles the way tag search compares them: the shortest form with at most 10
 * significant digits, exponent only for very large or small magnitudes (as C's {@code %g}).
 */
final class FloatFormat {
    private static final MathContext TEN_DIGITS = new MathContext(10);

    private FloatFormat() {}

    static String tenSignificantDigits(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = roundedToTenDigits(value);
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 21) {
            String mantissa = rounded.movePointLeft(exponent).toPlainString();
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return mantissa + "e" + sign + (abs < 10 ? "0" + abs : Integer.toString(abs));
        }
        return rounded.toPlainString();
    }

    /**
     * The value rounded to 10 significant digits. Most doubles in spans (3.57, 428.6) print in
     * at most 10 digits; that decimal is then already the answer, since it lies within half an
     * ulp of the value and 10-digit decimals are much further apart than that. Only the others
     * need the exact binary expansion, whose construction and rounding cost microseconds and
     * showed in ingest profiles (every double attribute is formatted for the search index).
     */
    static BigDecimal roundedToTenDigits(double value) {
        BigDecimal shortest = BigDecimal.valueOf(value);
        if (shortest.precision() <= TEN_DIGITS.getPrecision()) {
            return shortest.stripTrailingZeros();
        }
        return new BigDecimal(value).round(TEN_DIGITS).stripTrailingZeros();
    }
}

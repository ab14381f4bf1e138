package io.sightline.spm;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Quantile formatting as Jaeger's Go {@code %.2f}: the exact binary value, rounded half to even. */
final class Quantiles {
    private Quantiles() {}

    static String twoDecimals(double quantile) {
        return new BigDecimal(quantile).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The quantile Jaeger actually asks Prometheus for. */
    static double rounded(double quantile) {
        return Double.parseDouble(twoDecimals(quantile));
    }
}

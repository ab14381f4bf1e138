package io.sightline.spm;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How spans become RED metrics.
 *
 * @param namespace prefix of the exposed metric names, {@code ""} for none; {@code "traces_span_metrics"}
 *     gives {@code traces_span_metrics_calls_total} as the spanmetrics connector's namespace does
 * @param bucketBoundsMs upper bounds of the duration histogram buckets, in milliseconds, strictly
 *     increasing; {@code +Inf} is implied
 * @param dimensionKeys span (then resource) attribute keys that become extra labels, as the
 *     connector's {@code dimensions}
 * @param maxSeries label combinations kept apart; spans of any further combination are counted
 *     in one overflow series
 */
public record SpanMetricsOptions(String namespace, List<Double> bucketBoundsMs, List<String> dimensionKeys,
                                 int maxSeries) {
    /** The spanmetrics connector's default histogram buckets, milliseconds. */
    public static final List<Double> DEFAULT_BUCKETS_MS = List.of(
            2d, 4d, 6d, 8d, 10d, 50d, 100d, 200d, 400d, 800d, 1000d, 1400d, 2000d, 5000d, 10_000d, 15_000d);
    public static final int DEFAULT_MAX_SERIES = 5000;

    public SpanMetricsOptions {
        requireNonNull(namespace, "namespace");
        if (!namespace.isEmpty() && !namespace.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("namespace: '" + namespace
                    + "' (expected: a Prometheus metric name prefix such as traces_span_metrics)");
        }
        bucketBoundsMs = List.copyOf(bucketBoundsMs);
        if (bucketBoundsMs.isEmpty()) {
            throw new IllegalArgumentException("bucketBoundsMs: empty (expected: at least one bound)");
        }
        double previous = Double.NEGATIVE_INFINITY;
        for (double bound : bucketBoundsMs) {
            if (!(bound > previous) || Double.isInfinite(bound)) {
                throw new IllegalArgumentException("bucketBoundsMs: " + bucketBoundsMs
                        + " (expected: finite and strictly increasing)");
            }
            previous = bound;
        }
        dimensionKeys = List.copyOf(dimensionKeys);
        for (String key : dimensionKeys) {
            if (key.isBlank()) {
                throw new IllegalArgumentException("dimensionKeys: " + dimensionKeys + " (expected: no blank key)");
            }
        }
        if (maxSeries <= 0) {
            throw new IllegalArgumentException("maxSeries: " + maxSeries + " (expected: > 0)");
        }
    }

    public static SpanMetricsOptions defaults() {
        return new SpanMetricsOptions("", DEFAULT_BUCKETS_MS, List.of(), DEFAULT_MAX_SERIES);
    }

    /** {@code namespace_} or nothing. */
    String prefix() {
        return namespace.isEmpty() ? "" : namespace + "_";
    }

    double[] bounds() {
        double[] bounds = new double[bucketBoundsMs.size()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = bucketBoundsMs.get(i);
        }
        return bounds;
    }
}

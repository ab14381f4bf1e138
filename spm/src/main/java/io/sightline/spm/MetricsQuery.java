package io.sightline.spm;

import java.util.List;

/**
 * One {@code /api/metrics/*} request, parsed (Jaeger's {@code BaseQueryParameters} plus quantile).
 *
 * @param spanKinds {@code SPAN_KIND_*} values, never empty
 * @param quantile for latencies, already rounded to two decimals as Jaeger's {@code %.2f} does; NaN otherwise
 */
record MetricsQuery(List<String> services, boolean groupByOperation, List<String> spanKinds, long endMs,
                    long lookbackMs, long stepMs, long ratePerMs, double quantile) {
    /** Prometheus refuses longer answers; so does this. */
    static final long MAX_POINTS = 11_000;

    MetricsQuery {
        services = List.copyOf(services);
        spanKinds = List.copyOf(spanKinds);
    }

    long startMs() {
        return endMs - lookbackMs;
    }

    /** Evaluation instants, as Prometheus {@code query_range} steps: start, start + step, … up to end. */
    long[] evaluationTimesMs() {
        int n = (int) (lookbackMs / stepMs) + 1;
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = startMs() + i * stepMs;
        }
        return times;
    }
}

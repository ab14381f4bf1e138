package io.sightline.spm;

/**
 * The two PromQL functions the SPM queries rely on, with Prometheus 2.x semantics, so that the
 * embedded store answers what Prometheus would from the same samples.
 */
final class PromQl {
    private PromQl() {}

    /**
     * {@code rate(v[range])} at {@code evalMs}: the increase over the samples in
     * {@code [evalMs - range, evalMs]}, corrected for counter resets, extrapolated towards the
     * window's edges (by at most half an average sample interval beyond the first/last sample, and
     * never below zero at the start), per second.
     *
     * @param timesMs sample times, increasing
     * @param from index of the first sample in the window
     * @param to index one past the last sample in the window
     * @return the rate, or NaN when the window holds fewer than two samples (no value)
     */
    static double rate(long[] timesMs, double[] values, int from, int to, long evalMs, long rangeMs) {
        if (to - from < 2) {
            return Double.NaN;
        }
        double increase = values[to - 1] - values[from];
        for (int i = from + 1; i < to; i++) {
            if (values[i] < values[i - 1]) {
                increase += values[i - 1];
            }
        }
        long rangeStartMs = evalMs - rangeMs;
        double durationToStart = (timesMs[from] - rangeStartMs) / 1000.0;
        double durationToEnd = (evalMs - timesMs[to - 1]) / 1000.0;
        double sampled = (timesMs[to - 1] - timesMs[from]) / 1000.0;
        double averageInterval = sampled / (to - from - 1);
        if (increase > 0 && values[from] >= 0) {
            double durationToZero = sampled * (values[from] / increase);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double threshold = averageInterval * 1.1;
        double extrapolated = sampled;
        extrapolated += durationToStart < threshold ? durationToStart : averageInterval / 2;
        extrapolated += durationToEnd < threshold ? durationToEnd : averageInterval / 2;
        return increase * (extrapolated / sampled) / (rangeMs / 1000.0);
    }

    /**
     * {@code histogram_quantile(q, buckets)}: finds the bucket holding the q-th observation and
     * interpolates linearly inside it (from 0 for the first bucket when its bound is positive);
     * in the {@code +Inf} bucket, the largest finite bound.
     *
     * @param upperBounds increasing, the last {@code +Inf}
     * @param cumulative observations at most each bound
     */
    static double histogramQuantile(double q, double[] upperBounds, double[] cumulative) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        int n = upperBounds.length;
        if (n < 2 || upperBounds[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double[] counts = cumulative.clone();
        // Rates of separately scraped buckets can be slightly non-monotonic; Prometheus evens them.
        for (int i = 1; i < n; i++) {
            if (counts[i] < counts[i - 1]) {
                counts[i] = counts[i - 1];
            }
        }
        double observations = counts[n - 1];
        if (observations == 0 || Double.isNaN(observations)) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < n - 1 && counts[b] < rank) {
            b++;
        }
        if (b == n - 1) {
            return upperBounds[n - 2];
        }
        if (b == 0 && upperBounds[0] <= 0) {
            return upperBounds[0];
        }
        double bucketStart = 0;
        double bucketEnd = upperBounds[b];
        double count = counts[b];
        if (b > 0) {
            bucketStart = upperBounds[b - 1];
            count -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }
}

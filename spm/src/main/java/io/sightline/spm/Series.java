package io.sightline.spm;

import io.sightline.core.model.TraceId;

/**
 * The running totals of one label combination: calls, the duration histogram and, per bucket,
 * the latest span that fell in it (for exemplars). Updated by the storage writer threads,
 * read by scrapes and by the snapshotter, so every access is under the instance's lock (never
 * contended for long: an update is a few stores).
 */
final class Series {
    private final String[] labelNames;
    private final String[] labelValues;
    private final double[] boundsMs;
    private final long[] bucketCounts;
    private final TraceId[] exemplarTraceIds;
    private final long[] exemplarSpanIds;
    private final double[] exemplarValuesMs;
    private final long[] exemplarEpochMs;
    private long count;
    private double sumMs;

    Series(String[] labelNames, String[] labelValues, double[] boundsMs) {
        this.labelNames = labelNames;
        this.labelValues = labelValues;
        this.boundsMs = boundsMs;
        int buckets = boundsMs.length + 1;
        this.bucketCounts = new long[buckets];
        this.exemplarTraceIds = new TraceId[buckets];
        this.exemplarSpanIds = new long[buckets];
        this.exemplarValuesMs = new double[buckets];
        this.exemplarEpochMs = new long[buckets];
    }

    /** The bucket a duration falls in: the first whose upper bound is at least it (Prometheus {@code le}). */
    static int bucketIndex(double[] boundsMs, double durationMs) {
        int low = 0;
        int high = boundsMs.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (durationMs <= boundsMs[mid]) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    void record(double durationMs, TraceId traceId, long spanId, long endEpochMs) {
        int bucket = bucketIndex(boundsMs, durationMs);
        synchronized (this) {
            count++;
            sumMs += durationMs;
            bucketCounts[bucket]++;
            exemplarTraceIds[bucket] = traceId;
            exemplarSpanIds[bucket] = spanId;
            exemplarValuesMs[bucket] = durationMs;
            exemplarEpochMs[bucket] = endEpochMs;
        }
    }

    /** @param withExemplars false for the metrics store, which keeps only the counts */
    synchronized SeriesSnapshot snapshot(boolean withExemplars) {
        SeriesSnapshot.Exemplar[] exemplars = new SeriesSnapshot.Exemplar[bucketCounts.length];
        for (int i = 0; withExemplars && i < exemplars.length; i++) {
            if (exemplarTraceIds[i] != null) {
                exemplars[i] = new SeriesSnapshot.Exemplar(exemplarTraceIds[i].toHex32(),
                        String.format("%016x", exemplarSpanIds[i]), exemplarValuesMs[i], exemplarEpochMs[i]);
            }
        }
        return new SeriesSnapshot(labelNames, labelValues, count, sumMs, bucketCounts.clone(), exemplars);
    }
}

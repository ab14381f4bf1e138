package io.sightline.spm;

import java.util.ArrayList;
import java.util.List;

/**
 * One series read back from the metrics store: its labels and, per snapshot, the
 * non-cumulative bucket counts (the last being {@code +Inf}), oldest first.
 */
final class StoredSeries {
    final String[] labelNames;
    final String[] labelValues;
    private final List<Long> timestampsMs = new ArrayList<>();
    private final List<long[]> bucketCounts = new ArrayList<>();

    StoredSeries(String[] labelNames, String[] labelValues) {
        this.labelNames = labelNames;
        this.labelValues = labelValues;
    }

    void add(long timestampMs, long[] counts) {
        timestampsMs.add(timestampMs);
        bucketCounts.add(counts);
    }

    int size() {
        return timestampsMs.size();
    }

    long timestampMs(int i) {
        return timestampsMs.get(i);
    }

    long[] bucketCounts(int i) {
        return bucketCounts.get(i);
    }

    /** The call count of snapshot {@code i}: every observation falls in exactly one bucket. */
    long count(int i) {
        long total = 0;
        for (long c : bucketCounts.get(i)) {
            total += c;
        }
        return total;
    }

    /** Observations at most bucket {@code bucket}'s bound, as Prometheus's {@code _bucket{le}} counts them. */
    long cumulative(int i, int bucket) {
        long[] counts = bucketCounts.get(i);
        long total = 0;
        for (int b = 0; b <= bucket; b++) {
            total += counts[b];
        }
        return total;
    }

    String label(String name) {
        for (int i = 0; i < labelNames.length; i++) {
            if (labelNames[i].equals(name)) {
                return labelValues[i];
            }
        }
        return "";
    }
}

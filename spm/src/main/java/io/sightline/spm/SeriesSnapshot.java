package io.sightline.spm;

/**
 * One series at one instant.
 *
 * @param bucketCounts observations per bucket, not cumulative; the last is the {@code +Inf} bucket
 * @param exemplars per bucket, the latest span that fell in it, or null
 */
record SeriesSnapshot(String[] labelNames, String[] labelValues, long count, double sumMs, long[] bucketCounts,
                      Exemplar[] exemplars) {

    /** @param valueMs the span's duration */
    record Exemplar(String traceIdHex, String spanIdHex, double valueMs, long epochMs) {}

    /** The value of a label, or {@code ""} when the series does not have it (as Prometheus treats it). */
    String label(String name) {
        for (int i = 0; i < labelNames.length; i++) {
            if (labelNames[i].equals(name)) {
                return labelValues[i];
            }
        }
        return "";
    }
}

package io.sightline.spm;

/** Answers the three SPM queries; the embedded store and Prometheus each implement it. */
interface MetricsReader {
    MetricFamily calls(MetricsQuery query);

    MetricFamily errors(MetricsQuery query);

    MetricFamily latencies(MetricsQuery query);

    /** The finest step worth asking for, milliseconds ({@code /api/metrics/minstep}). */
    long minStepMs();
}

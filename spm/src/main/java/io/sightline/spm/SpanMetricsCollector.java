package io.sightline.spm;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;

/**
 * Exposes the aggregation with the names the OpenTelemetry Prometheus exporter gives the
 * spanmetrics connector's output, which are what Jaeger queries with normalized names:
 * {@code [ns_]calls_total} and {@code [ns_]duration_milliseconds_bucket/_sum/_count}. In
 * OpenMetrics, each counter carries the latest span as exemplar and each bucket the latest span
 * that fell in it, with {@code trace_id} and {@code span_id}.
 */
final class SpanMetricsCollector implements MultiCollector {
    private static final Unit MILLISECONDS = new Unit("milliseconds");

    private final SpanMetricsAggregator aggregator;
    private final String callsName;
    private final String durationName;
    private final double[] upperBoundsMs;

    SpanMetricsCollector(SpanMetricsAggregator aggregator) {
        this.aggregator = aggregator;
        String prefix = aggregator.options().prefix();
        this.callsName = prefix + "calls";
        this.durationName = prefix + "duration_milliseconds";
        double[] bounds = aggregator.boundsMs();
        this.upperBoundsMs = new double[bounds.length + 1];
        System.arraycopy(bounds, 0, upperBoundsMs, 0, bounds.length);
        upperBoundsMs[bounds.length] = Double.POSITIVE_INFINITY;
    }

    @Override
    public MetricSnapshots collect() {
        List<SeriesSnapshot> all = aggregator.snapshot();
        List<CounterSnapshot.CounterDataPointSnapshot> calls = new ArrayList<>(all.size());
        List<HistogramSnapshot.HistogramDataPointSnapshot> durations = new ArrayList<>(all.size());
        for (SeriesSnapshot s : all) {
            Labels labels = Labels.of(s.labelNames(), s.labelValues());
            List<Exemplar> exemplars = new ArrayList<>();
            Exemplar latest = null;
            for (SeriesSnapshot.Exemplar e : s.exemplars()) {
                if (e == null) {
                    continue;
                }
                Exemplar exemplar = new Exemplar(e.valueMs(),
                        Labels.of(Exemplar.TRACE_ID, e.traceIdHex(), Exemplar.SPAN_ID, e.spanIdHex()), e.epochMs());
                exemplars.add(exemplar);
                if (latest == null || e.epochMs() > latest.getTimestampMillis()) {
                    latest = exemplar;
                }
            }
            Exemplar callExemplar = latest == null ? null
                    : new Exemplar(1, latest.getLabels(), latest.getTimestampMillis());
            calls.add(new CounterSnapshot.CounterDataPointSnapshot(s.count(), labels, callExemplar, 0));
            durations.add(new HistogramSnapshot.HistogramDataPointSnapshot(
                    ClassicHistogramBuckets.of(upperBoundsMs, s.bucketCounts()), s.sumMs(), labels,
                    Exemplars.of(exemplars), 0));
        }
        return MetricSnapshots.of(
                new CounterSnapshot(new MetricMetadata(callsName, "Number of spans (calls), from every span stored"),
                        calls),
                new HistogramSnapshot(new MetricMetadata(durationName, "Span durations, milliseconds", MILLISECONDS),
                        durations));
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(callsName, durationName);
    }
}

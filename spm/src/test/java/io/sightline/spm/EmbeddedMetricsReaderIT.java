package io.sightline.spm;

import static io.sightline.spm.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known traffic snapshotted every 15 s; the answers are those Prometheus computes from the same
 * samples with Jaeger's PromQL, worked out by hand in each test.
 */
class EmbeddedMetricsReaderIT {
    private static final long T0 = 1_700_000_010_000L;
    private static final long RESOLUTION_MS = 15_000;
    private static final long RETENTION_MS = 48 * 3_600_000L;

    @TempDir
    Path dir;

    /**
     * 41 snapshots, 15 s apart; before each, frontend /dispatch serves three spans (1 ms error,
     * 3 ms, 3 ms) and driver /find one 3 ms span; frontend also makes one client call.
     */
    private EmbeddedMetrics traffic(Path directory) {
        SpanMetricsAggregator aggregator = new SpanMetricsAggregator(SpanMetricsOptions.defaults(), new PrometheusRegistry());
        EmbeddedMetrics metrics = EmbeddedMetrics.manual(aggregator, directory, RESOLUTION_MS, RETENTION_MS);
        for (int i = 0; i <= 40; i++) {
            aggregator.onStored(List.of(
                    span("frontend", "/dispatch", SpanKind.SERVER, StatusCode.ERROR, 1),
                    span("frontend", "/dispatch", SpanKind.SERVER, StatusCode.UNSET, 3),
                    span("frontend", "/dispatch", SpanKind.SERVER, StatusCode.UNSET, 3),
                    span("frontend", "HTTP GET", SpanKind.CLIENT, StatusCode.UNSET, 3),
                    span("driver", "/find", SpanKind.SERVER, StatusCode.UNSET, 3)));
            metrics.snapshot(T0 + i * RESOLUTION_MS);
        }
        return metrics;
    }

    private static MetricsQuery query(List<String> services, boolean grouped, double quantile) {
        return new MetricsQuery(services, grouped, List.of("SPAN_KIND_SERVER"), T0 + 600_000, 60_000, 60_000, 600_000,
                quantile);
    }

    @Test
    void calls_areTheExtrapolatedRatePerSecond() {
        try (EmbeddedMetrics metrics = traffic(dir)) {
            MetricFamily family = metrics.reader().calls(query(List.of("frontend"), false, Double.NaN));

            assertThat(family.name()).isEqualTo("service_call_rate");
            assertThat(family.help()).isEqualTo("calls/sec, grouped by service");
            MetricFamily.Metric frontend = family.metrics().get(0);
            assertThat(frontend.labels()).containsExactly(new MetricFamily.Label("service_name", "frontend"));
            assertThat(frontend.points()).extracting(MetricFamily.Point::epochMs).containsExactly(T0 + 540_000, T0 + 600_000);
            // At T0+540 s the window starts 60 s before the first sample: 108 calls over 540 s,
            // extrapolated 15 s back (where the counter would reach zero), divided by 600 s.
            assertThat(frontend.points().get(0).value()).isCloseTo(108.0 * 555 / 540 / 600, within(1e-12));
            assertThat(frontend.points().get(1).value()).isCloseTo(0.2, within(1e-12));
        }
    }

    @Test
    void errors_areTheFractionOfErrorsPerSecond_andZeroFilledWhenThereAreNone() {
        try (EmbeddedMetrics metrics = traffic(dir)) {
            MetricFamily family = metrics.reader().errors(query(List.of("frontend|driver"), false, Double.NaN));
            assertThat(family.name()).isEqualTo("service_error_rate");
            assertThat(family.metrics()).singleElement().satisfies(m -> {
                assertThat(m.labels()).containsExactly(new MetricFamily.Label("service_name", "frontend"));
                assertThat(m.points().get(1).value()).isCloseTo(1.0 / 3, within(1e-12));
            });

            MetricFamily driver = metrics.reader().errors(query(List.of("driver"), true, Double.NaN));
            assertThat(driver.name()).isEqualTo("service_operation_error_rate");
            assertThat(driver.help()).isEqualTo(
                    "error rate, computed as a fraction of errors/sec over calls/sec, grouped by service & operation");
            assertThat(driver.metrics()).singleElement().satisfies(m -> {
                assertThat(m.labels()).containsExactly(new MetricFamily.Label("operation", "/find"),
                        new MetricFamily.Label("service_name", "driver"));
                assertThat(m.points()).extracting(MetricFamily.Point::value).containsExactly(0.0, 0.0);
            });
        }
    }

    @Test
    void latencies_interpolateInsideTheBucketOfTheQuantile() {
        try (EmbeddedMetrics metrics = traffic(dir)) {
            MetricFamily p50 = metrics.reader().latencies(query(List.of("frontend"), true, 0.5));
            assertThat(p50.name()).isEqualTo("service_operation_latencies");
            assertThat(p50.help()).isEqualTo("0.50th quantile latency, grouped by service & operation");
            // Per second: 1/15 at le=2, 3/15 at le=4. Rank 0.1 lies a quarter into (2, 4].
            assertThat(p50.metrics().get(0).points().get(1).value()).isCloseTo(2.5, within(1e-9));
            MetricFamily p95 = metrics.reader().latencies(query(List.of("frontend"), false, 0.95));
            assertThat(p95.metrics().get(0).points().get(1).value()).isCloseTo(3.85, within(1e-9));
        }
    }

    @Test
    void aServiceWithoutTraffic_hasAnEmptyFamily() {
        try (EmbeddedMetrics metrics = traffic(dir)) {
            assertThat(metrics.reader().calls(query(List.of("nobody"), false, Double.NaN)).metrics()).isEmpty();
            assertThat(metrics.reader().errors(query(List.of("nobody"), false, Double.NaN)).metrics()).isEmpty();
        }
    }

    @Test
    void series_surviveARestart_andTheCounterResetIsNotADrop() {
        traffic(dir).close();
        SpanMetricsAggregator fresh = new SpanMetricsAggregator(SpanMetricsOptions.defaults(), new PrometheusRegistry());
        try (EmbeddedMetrics restarted = EmbeddedMetrics.manual(fresh, dir, RESOLUTION_MS, RETENTION_MS)) {
            MetricFamily before = restarted.reader().calls(query(List.of("frontend"), false, Double.NaN));
            assertThat(before.metrics().get(0).points().get(1).value()).isCloseTo(0.2, within(1e-12));

            // The restarted process counts from zero; three more calls per 15 s keep the rate at 0.2/s.
            for (int i = 41; i <= 80; i++) {
                fresh.onStored(List.of(
                        span("frontend", "/dispatch", SpanKind.SERVER, StatusCode.UNSET, 3),
                        span("frontend", "/dispatch", SpanKind.SERVER, StatusCode.UNSET, 3),
                        span("frontend", "/dispatch", SpanKind.SERVER, StatusCode.UNSET, 3)));
                restarted.snapshot(T0 + i * RESOLUTION_MS);
            }
            MetricsQuery later = new MetricsQuery(List.of("frontend"), false, List.of("SPAN_KIND_SERVER"),
                    T0 + 1_200_000, 0, 60_000, 600_000, Double.NaN);
            assertThat(restarted.reader().calls(later).metrics().get(0).points().get(0).value())
                    .isCloseTo(0.2, within(1e-12));
        }
    }
}

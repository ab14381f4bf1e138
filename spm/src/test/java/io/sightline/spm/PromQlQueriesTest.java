package io.sightline.spm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromQlQueriesTest {
    private static final MetricsQuery GROUPED = new MetricsQuery(List.of("frontend", "driver"), true,
            List.of("SPAN_KIND_SERVER", "SPAN_KIND_CLIENT"), 0, 3_600_000, 60_000, 600_000, 0.95);
    private static final MetricsQuery PLAIN = new MetricsQuery(List.of("frontend"), false,
            List.of("SPAN_KIND_SERVER"), 0, 3_600_000, 60_000, 600_000, 0.5);

    private static PrometheusReaderOptions options(String ns, boolean normalize, boolean connector) {
        return new PrometheusReaderOptions(URI.create("http://localhost:9090"), ns, normalize, normalize, "ms",
                connector, 1000);
    }

    @Test
    void queries_areJaegers() {
        PromQlQueries q = new PromQlQueries(options("", true, true));
        assertThat(q.calls(PLAIN)).isEqualTo("sum(rate(calls_total{service_name =~ \"frontend\", "
                + "span_kind =~ \"SPAN_KIND_SERVER\"}[10m])) by (service_name)");
        assertThat(q.errors(GROUPED)).isEqualTo("sum(rate(calls_total{service_name =~ \"frontend|driver\", "
                + "status_code = \"STATUS_CODE_ERROR\", span_kind =~ \"SPAN_KIND_SERVER|SPAN_KIND_CLIENT\"}[10m])) "
                + "by (service_name,span_name) / sum(rate(calls_total{service_name =~ \"frontend|driver\", "
                + "span_kind =~ \"SPAN_KIND_SERVER|SPAN_KIND_CLIENT\"}[10m])) by (service_name,span_name)");
        assertThat(q.latencies(GROUPED)).isEqualTo("histogram_quantile(0.95, sum(rate(duration_milliseconds_bucket{"
                + "service_name =~ \"frontend|driver\", span_kind =~ \"SPAN_KIND_SERVER|SPAN_KIND_CLIENT\"}[10m])) "
                + "by (service_name,span_name,le))");
    }

    @Test
    void metricNames_followNamespaceNormalizationAndLegacyMode() {
        assertThat(options("", false, true).callsMetric()).isEqualTo("calls");
        assertThat(options("", false, true).latencyMetric()).isEqualTo("duration");
        assertThat(options("traces_span_metrics", true, true).callsMetric()).isEqualTo("traces_span_metrics_calls_total");
        assertThat(options("traces_span_metrics", true, true).latencyMetric())
                .isEqualTo("traces_span_metrics_duration_milliseconds");
        assertThat(options("", true, false).callsMetric()).isEqualTo("calls");
        assertThat(options("", true, false).latencyMetric()).isEqualTo("latency");
        assertThat(options("", true, false).operationLabel()).isEqualTo("operation");
    }

    @Test
    void ratePer_isCutAfterTheFirstLetterOfItsGoDuration() {
        assertThat(PromQlQueries.range(600_000)).isEqualTo("10m");
        assertThat(PromQlQueries.range(3_600_000)).isEqualTo("1h");
        assertThat(PromQlQueries.range(90_000)).isEqualTo("1m");
        assertThat(PromQlQueries.range(500)).isEqualTo("500m");
        assertThat(PromQlQueries.range(30_000)).isEqualTo("30s");
        assertThat(PromQlQueries.goDuration(5_400_500)).isEqualTo("1h30m0.5s");
    }
}

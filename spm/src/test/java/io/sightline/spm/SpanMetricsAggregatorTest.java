package io.sightline.spm;

import static io.sightline.spm.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanMetricsAggregatorTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();

    @Test
    void spansOfOneCombination_countAndFillTheDurationBuckets() {
        SpanMetricsAggregator aggregator = new SpanMetricsAggregator(SpanMetricsOptions.defaults(), registry);
        aggregator.onStored(List.of(
                span("frontend", "/dispatch", SpanKind.SERVER, StatusCode.UNSET, 1.5),
                span("frontend", "/dispatch", SpanKind.SERVER, StatusCode.UNSET, 2.0),
                span("frontend", "/dispatch", SpanKind.SERVER, StatusCode.UNSET, 2.0001),
                span("frontend", "/dispatch", SpanKind.SERVER, StatusCode.UNSET, 20_000)));

        List<SeriesSnapshot> all = aggregator.snapshot();
        assertThat(all).hasSize(1);
        SeriesSnapshot s = all.get(0);
        assertThat(s.labelValues()).containsExactly("frontend", "/dispatch", "SPAN_KIND_SERVER", "STATUS_CODE_UNSET");
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.sumMs()).isCloseTo(20_005.5001, org.assertj.core.data.Offset.offset(1e-6));
        // le=2 holds 1.5 and 2.0 (bounds are inclusive), le=4 holds 2.0001, +Inf holds 20 s.
        assertThat(s.bucketCounts()).containsExactly(2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    }

    @Test
    void everyIdentityFieldSeparatesSeries() {
        SpanMetricsAggregator aggregator = new SpanMetricsAggregator(SpanMetricsOptions.defaults(), registry);
        aggregator.onStored(List.of(
                span("a", "op", SpanKind.SERVER, StatusCode.UNSET, 1),
                span("b", "op", SpanKind.SERVER, StatusCode.UNSET, 1),
                span("a", "op2", SpanKind.SERVER, StatusCode.UNSET, 1),
                span("a", "op", SpanKind.CLIENT, StatusCode.UNSET, 1),
                span("a", "op", SpanKind.SERVER, StatusCode.ERROR, 1),
                span("a", "op", SpanKind.SERVER, StatusCode.UNSET, 1)));

        assertThat(aggregator.snapshot()).hasSize(5);
        assertThat(aggregator.snapshot()).anySatisfy(s -> {
            assertThat(s.label("status_code")).isEqualTo("STATUS_CODE_ERROR");
            assertThat(s.count()).isEqualTo(1);
        });
    }

    @Test
    void extraDimensions_comeFromSpanThenResourceAttributes_emptyWhenAbsent() {
        SpanMetricsOptions options = new SpanMetricsOptions("", SpanMetricsOptions.DEFAULT_BUCKETS_MS,
                List.of("http.method", "deployment.environment", "missing"), 100);
        SpanMetricsAggregator aggregator = new SpanMetricsAggregator(options, registry);
        aggregator.onStored(List.of(span("a", "op", SpanKind.SERVER, StatusCode.OK, 1,
                List.of(Attribute.of("http.method", "GET")))));

        SeriesSnapshot s = aggregator.snapshot().get(0);
        assertThat(s.labelNames()).containsExactly("service_name", "span_name", "span_kind", "status_code",
                "http_method", "deployment_environment", "missing");
        assertThat(s.labelValues()).containsExactly("a", "op", "SPAN_KIND_SERVER", "STATUS_CODE_OK", "GET", "prod", "");
    }

    @Test
    void pastTheSeriesLimit_newCombinationsGoToOneOverflowSeries_andAreCounted() throws IOException {
        SpanMetricsOptions options = new SpanMetricsOptions("", SpanMetricsOptions.DEFAULT_BUCKETS_MS, List.of(), 2);
        SpanMetricsAggregator aggregator = new SpanMetricsAggregator(options, registry);
        aggregator.onStored(List.of(
                span("a", "op1", SpanKind.SERVER, StatusCode.UNSET, 1),
                span("a", "op2", SpanKind.SERVER, StatusCode.UNSET, 1),
                span("a", "op3", SpanKind.SERVER, StatusCode.UNSET, 1),
                span("a", "op4", SpanKind.SERVER, StatusCode.UNSET, 1),
                span("a", "op1", SpanKind.SERVER, StatusCode.UNSET, 1)));

        List<SeriesSnapshot> all = aggregator.snapshot();
        assertThat(all).hasSize(3);
        SeriesSnapshot overflow = all.get(2);
        assertThat(overflow.labelNames()).containsExactly("otel_metric_overflow");
        assertThat(overflow.labelValues()).containsExactly("true");
        assertThat(overflow.count()).isEqualTo(2);
        assertThat(all.get(0).count() + all.get(1).count()).isEqualTo(3);
        assertThat(text()).contains("sightline_spm_overflow_spans_total 2.0")
                .contains("sightline_spm_series 2.0")
                .contains("calls_total{otel_metric_overflow=\"true\"} 2.0");
    }

    @Test
    void textExposition_hasTheSpanmetricsNamesAndLabels() throws IOException {
        SpanMetricsAggregator aggregator = new SpanMetricsAggregator(SpanMetricsOptions.defaults(), registry);
        aggregator.onStored(List.of(span("frontend", "/dispatch", SpanKind.SERVER, StatusCode.ERROR, 3)));

        String labels = "service_name=\"frontend\",span_kind=\"SPAN_KIND_SERVER\",span_name=\"/dispatch\","
                + "status_code=\"STATUS_CODE_ERROR\"";
        assertThat(text())
                .contains("calls_total{" + labels + "} 1.0")
                .contains("duration_milliseconds_bucket{" + labels + ",le=\"2.0\"} 0")
                .contains("duration_milliseconds_bucket{" + labels + ",le=\"4.0\"} 1")
                .contains("duration_milliseconds_bucket{" + labels + ",le=\"+Inf\"} 1")
                .contains("duration_milliseconds_count{" + labels + "} 1")
                .contains("duration_milliseconds_sum{" + labels + "} 3.0")
                .doesNotContain("trace_id");
    }

    @Test
    void openMetrics_carriesTraceIdExemplars() throws IOException {
        SpanMetricsAggregator aggregator = new SpanMetricsAggregator(SpanMetricsOptions.defaults(), registry);
        aggregator.onStored(List.of(span("frontend", "/dispatch", SpanKind.SERVER, StatusCode.UNSET, 3)));

        String trace = "trace_id=\"0000000000001234000000000000abcd\"";
        assertThat(openMetrics())
                .containsPattern("calls_total\\{[^}]*} 1\\.0 # \\{span_id=\"0000000000000042\"," + trace + "} 1\\.0 ")
                .containsPattern("duration_milliseconds_bucket\\{[^}]*le=\"4\\.0\"} 1 # \\{[^}]*" + trace + "} 3\\.0 ");
    }

    @Test
    void namespace_prefixesTheNames() throws IOException {
        SpanMetricsOptions options = new SpanMetricsOptions("traces_span_metrics", SpanMetricsOptions.DEFAULT_BUCKETS_MS,
                List.of(), 10);
        SpanMetricsAggregator aggregator = new SpanMetricsAggregator(options, registry);
        aggregator.onStored(List.of(span("a", "op", SpanKind.SERVER, StatusCode.UNSET, 1)));

        assertThat(text()).contains("traces_span_metrics_calls_total{").contains("traces_span_metrics_duration_milliseconds_bucket{");
    }

    @Test
    void badOptions_areRejectedNamingTheField() {
        assertThatThrownBy(() -> new SpanMetricsOptions("", List.of(5d, 2d), List.of(), 1))
                .hasMessageContaining("bucketBoundsMs");
        assertThatThrownBy(() -> new SpanMetricsOptions("a-b", List.of(1d), List.of(), 1))
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> new SpanMetricsOptions("", List.of(1d), List.of(), 0))
                .hasMessageContaining("maxSeries");
    }

    @Test
    void dimensionsClashingWithALabel_areRefusedRatherThanBreakingEveryScrape() {
        for (String key : List.of("service.name", "__meta", "a.b")) {
            List<String> keys = key.equals("a.b") ? List.of("a.b", "a_b") : List.of(key);
            SpanMetricsOptions options = new SpanMetricsOptions("", SpanMetricsOptions.DEFAULT_BUCKETS_MS, keys, 10);
            assertThatThrownBy(() -> new SpanMetricsAggregator(options, new PrometheusRegistry()))
                    .as(key).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimensionKeys");
        }
    }

    private String text() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private String openMetrics() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenMetricsTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}

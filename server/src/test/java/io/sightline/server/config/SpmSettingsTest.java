package io.sightline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpmSettingsTest {

    private static SightlineConfig env(String name, String value) {
        return SightlineConfig.resolve(Map.of(), Map.of(name, value));
    }

    @Test
    void metricsStorage_defaultsToEmbedded_andTakesJaegersVariable() {
        assertThat(SightlineConfig.defaults().metricsStorage()).isEqualTo(SightlineConfig.MetricsStorageType.EMBEDDED);
        assertThat(env("METRICS_STORAGE_TYPE", "prometheus").metricsStorage())
                .isEqualTo(SightlineConfig.MetricsStorageType.PROMETHEUS);
        // Jaeger's empty value is "unset": the built-in store answers.
        assertThat(env("METRICS_STORAGE_TYPE", "").metricsStorage()).isEqualTo(SightlineConfig.MetricsStorageType.EMBEDDED);
        assertThat(env("SIGHTLINE_METRICS_STORAGE", "none").metricsStorage()).isEqualTo(SightlineConfig.MetricsStorageType.NONE);
        assertThatThrownBy(() -> env("METRICS_STORAGE_TYPE", "elasticsearch")).isInstanceOf(ConfigException.class)
                .hasMessage("SIGHTLINE_METRICS_STORAGE: unknown metrics storage 'elasticsearch' (expected: embedded, prometheus or none)");
    }

    @Test
    void bucketsAndDimensions_areParsed_andBadOnesNamed() {
        SightlineConfig defaults = SightlineConfig.defaults();
        assertThat(defaults.spmBucketsMs()).hasSize(16).startsWith(2.0).endsWith(15_000.0);
        assertThat(defaults.spmDimensions()).isEmpty();
        assertThat(env("SIGHTLINE_SPM_DIMENSIONS", " http.method, ,region ").spmDimensions())
                .isEqualTo(List.of("http.method", "region"));
        assertThatThrownBy(() -> env("SIGHTLINE_SPM_HISTOGRAM_BUCKETS_MS", "5,2"))
                .hasMessage("SIGHTLINE_SPM_HISTOGRAM_BUCKETS_MS: '5,2' (expected: finite bounds in increasing order)");
        assertThatThrownBy(() -> env("SIGHTLINE_SPM_HISTOGRAM_BUCKETS_MS", "1,x"))
                .hasMessage("SIGHTLINE_SPM_HISTOGRAM_BUCKETS_MS: 'x' is not a number");
        assertThatThrownBy(() -> env("SIGHTLINE_SPM_NAMESPACE", "a-b")).hasMessageStartingWith("SIGHTLINE_SPM_NAMESPACE: 'a-b'");
    }

    @Test
    void prometheusOptions_takeJaegersVariables() {
        SightlineConfig config = SightlineConfig.resolve(Map.of(), Map.of("PROMETHEUS_SERVER_URL", "http://prom:9090",
                "PROMETHEUS_QUERY_NORMALIZE_CALLS", "false", "PROMETHEUS_QUERY_NAMESPACE", "traces_span_metrics"));
        assertThat(config.prometheusServerUrl().toString()).isEqualTo("http://prom:9090");
        assertThat(config.bool(Setting.PROMETHEUS_QUERY_NORMALIZE_CALLS)).isFalse();
        assertThat(config.raw(Setting.PROMETHEUS_QUERY_NAMESPACE)).isEqualTo("traces_span_metrics");
        assertThatThrownBy(() -> env("PROMETHEUS_SERVER_URL", "prom:9090")).hasMessageStartingWith("SIGHTLINE_PROMETHEUS_SERVER_URL");
        assertThatThrownBy(() -> env("PROMETHEUS_QUERY_DURATION_UNIT", "us"))
                .hasMessage("SIGHTLINE_PROMETHEUS_QUERY_DURATION_UNIT: 'us' (expected: ms or s)");
    }
}

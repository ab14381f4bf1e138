package io.sightline.sampling;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Self-metrics of the strategies file: whether the last edit took, and when one last did. */
final class SamplingMetrics {
    private final Counter reloadFailures;
    private final Counter reloads;
    private final Gauge lastSuccessSeconds;

    SamplingMetrics(PrometheusRegistry registry) {
        reloadFailures = Counter.builder().name("sightline_sampling_reload_failures_total")
                .help("Strategies file reads or parses that failed; the last good strategies stayed in force")
                .register(registry);
        reloads = Counter.builder().name("sightline_sampling_reloads_total")
                .help("Changed strategies files applied, the initial load included")
                .register(registry);
        lastSuccessSeconds = Gauge.builder().name("sightline_sampling_last_reload_success_timestamp_seconds")
                .help("Unix time of the last successful load of the strategies file")
                .register(registry);
    }

    void loaded(long epochMillis) {
        reloads.inc();
        lastSuccessSeconds.set(epochMillis / 1000.0);
    }

    void failed() {
        reloadFailures.inc();
    }
}

package io.sightline.spm;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * Jaeger's {@code PROMETHEUS_*} options for the Prometheus-backed reader.
 *
 * @param serverUrl e.g. {@code http://localhost:9090}
 * @param namespace {@code PROMETHEUS_QUERY_NAMESPACE}: prefix {@code <ns>_} of the metric names, {@code ""} for none
 * @param normalizeCalls {@code PROMETHEUS_QUERY_NORMALIZE_CALLS}: {@code calls_total} rather than {@code calls}
 * @param normalizeDuration {@code PROMETHEUS_QUERY_NORMALIZE_DURATION}: {@code duration_milliseconds} rather than {@code duration}
 * @param durationUnit {@code PROMETHEUS_QUERY_DURATION_UNIT}: {@code ms} or {@code s}
 * @param spanmetricsConnector {@code PROMETHEUS_QUERY_SUPPORT_SPANMETRICS_CONNECTOR}: false for the legacy
 *     processor's {@code calls}/{@code latency} and {@code operation} label
 * @param timeoutMs connect and request timeout
 */
public record PrometheusReaderOptions(URI serverUrl, String namespace, boolean normalizeCalls,
                                      boolean normalizeDuration, String durationUnit, boolean spanmetricsConnector,
                                      long timeoutMs) {
    public PrometheusReaderOptions {
        requireNonNull(serverUrl, "serverUrl");
        requireNonNull(namespace, "namespace");
        requireNonNull(durationUnit, "durationUnit");
        if (!"http".equals(serverUrl.getScheme()) && !"https".equals(serverUrl.getScheme())) {
            throw new IllegalArgumentException("serverUrl: " + serverUrl + " (expected: an http or https URL)");
        }
        if (!durationUnit.equals("ms") && !durationUnit.equals("s")) {
            throw new IllegalArgumentException("durationUnit: " + durationUnit + " (expected: ms or s)");
        }
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs: " + timeoutMs + " (expected: > 0)");
        }
    }

    /** {@code [ns_]calls[_total]}, or the legacy processor's {@code calls}. */
    String callsMetric() {
        if (!spanmetricsConnector) {
            return "calls";
        }
        return prefix() + "calls" + (normalizeCalls ? "_total" : "");
    }

    /** {@code [ns_]duration[_milliseconds|_seconds]}, or the legacy processor's {@code latency}. */
    String latencyMetric() {
        if (!spanmetricsConnector) {
            return "latency";
        }
        String unit = durationUnit.equals("s") ? "_seconds" : "_milliseconds";
        return prefix() + "duration" + (normalizeDuration ? unit : "");
    }

    String operationLabel() {
        return spanmetricsConnector ? "span_name" : "operation";
    }

    private String prefix() {
        return namespace.isEmpty() ? "" : namespace + "_";
    }
}

package io.sightline.server.config;

import java.util.List;
import java.util.Locale;

/**
 * Every setting of the server: one name, one default, one line of documentation. The
 * environment variable is {@code SIGHTLINE_<NAME>}, the command-line flag {@code --<name>}
 * (lower case, {@code _} as {@code -}); Jaeger's variable names are accepted as aliases where
 * they mean the same thing. {@code docs/configuration.md} lists exactly these (a test checks).
 */
public enum Setting {
    STORAGE("rocksdb", "Span storage: `rocksdb` (embedded, persistent) or `memory` (bounded, lost on restart).",
            "SPAN_STORAGE_TYPE"),
    DATA_DIR("./data", "Directory of the embedded store (created if missing)."),
    STORAGE_SYNC_WRITES("true", "fsync every storage write before acknowledging it (acknowledged means durable)."),
    MEMORY_MAX_SPANS("1000000", "Hard cap on spans kept by the `memory` storage; the oldest traces are evicted past it."),
    OTLP_GRPC_HOST_PORT(":4317", "OTLP/gRPC receiver address (`host:port`, `:port` or `port`).",
            "COLLECTOR_OTLP_GRPC_HOST_PORT"),
    OTLP_HTTP_HOST_PORT(":4318", "OTLP/HTTP receiver address.", "COLLECTOR_OTLP_HTTP_HOST_PORT"),
    OTLP_GRPC_MAX_MESSAGE_BYTES("4194304", "Largest OTLP/gRPC request message accepted, bytes.",
            "COLLECTOR_OTLP_GRPC_MAX_MESSAGE_SIZE"),
    OTLP_HTTP_MAX_BODY_BYTES("16777216", "Largest OTLP/HTTP request body accepted, bytes, before and after decompression."),
    JAEGER_GRPC_HOST_PORT(":14250", "Jaeger gRPC receiver address (`jaeger.api_v2.CollectorService/PostSpans`).",
            "COLLECTOR_GRPC_SERVER_HOST_PORT"),
    JAEGER_GRPC_MAX_MESSAGE_BYTES("4194304", "Largest Jaeger gRPC request message accepted, bytes.",
            "COLLECTOR_GRPC_SERVER_MAX_MESSAGE_SIZE"),
    JAEGER_HTTP_HOST_PORT(":14268", "Jaeger Thrift-over-HTTP receiver address (`POST /api/traces`).",
            "COLLECTOR_HTTP_SERVER_HOST_PORT"),
    JAEGER_HTTP_MAX_BODY_BYTES("16777216", "Largest Jaeger Thrift-over-HTTP request body accepted, bytes."),
    AGENT_COMPACT_HOST_PORT(":6831", "Jaeger agent UDP address, Thrift compact `emitBatch`.",
            "PROCESSOR_JAEGER_COMPACT_SERVER_HOST_PORT"),
    AGENT_BINARY_HOST_PORT(":6832", "Jaeger agent UDP address, Thrift binary `emitBatch`.",
            "PROCESSOR_JAEGER_BINARY_SERVER_HOST_PORT"),
    AGENT_MAX_PACKET_BYTES("65000", "Largest agent UDP packet read, bytes; longer packets are counted as dropped.",
            "PROCESSOR_JAEGER_COMPACT_SERVER_MAX_PACKET_SIZE"),
    ZIPKIN_ENABLED("true", "Accept Zipkin spans (`/api/v1/spans`, `/api/v2/spans`); `false` closes the port."),
    ZIPKIN_HOST_PORT(":9411", "Zipkin receiver address.", "COLLECTOR_ZIPKIN_HOST_PORT"),
    ZIPKIN_MAX_BODY_BYTES("16777216", "Largest Zipkin request body accepted, bytes, before and after decompression."),
    QUERY_HTTP_HOST_PORT(":16686", "Query API and UI address.", "QUERY_HTTP_SERVER_HOST_PORT"),
    QUERY_BASE_PATH("/", "Path prefix of the query API and UI, for running behind a proxy (e.g. `/jaeger`).",
            "QUERY_BASE_PATH"),
    ADMIN_HOST_PORT(":14269", "Admin address: health check `/`, `/metrics`, `/version`.", "ADMIN_HTTP_HOST_PORT"),
    COLLECTOR_QUEUE_SIZE("20000", "Spans that may wait for storage; past it ingest answers 429 / RESOURCE_EXHAUSTED.",
            "COLLECTOR_QUEUE_SIZE"),
    COLLECTOR_QUEUE_MAX_BYTES("268435456", "Estimated heap bytes the queued spans may take; whichever bound is reached first makes the queue full."),
    COLLECTOR_REJECT_WHEN_FULL("true", "A full queue answers a retryable error (HTTP 429 + `Retry-After`, gRPC RESOURCE_EXHAUSTED); `false` acknowledges and drops the spans, as Jaeger does. Dropped spans are counted either way."),
    COLLECTOR_MAX_ATTRIBUTE_VALUE_CHARS("65536", "Longer string and binary attribute values are cut to this length; the span lists the cut keys in `sightline.truncated_attributes`."),
    COLLECTOR_WRITER_THREADS("2", "Threads writing queued spans to storage."),
    COLLECTOR_MAX_SPANS_PER_WRITE("5000", "Most spans grouped into one storage write (one fsync)."),
    SHUTDOWN_TIMEOUT_MS("10000", "How long shutdown waits for in-flight requests, milliseconds."),
    METRICS_STORAGE("embedded", "Where `/api/metrics/*` (the Monitor tab) reads RED metrics: `embedded`, `prometheus` or `none` (501).",
            "METRICS_STORAGE_TYPE"),
    SPM_NAMESPACE("", "Prefix of the exposed SPM metric names (`<ns>_calls_total`); empty for none."),
    SPM_HISTOGRAM_BUCKETS_MS("2,4,6,8,10,50,100,200,400,800,1000,1400,2000,5000,10000,15000",
            "Upper bounds of the SPM duration histogram, milliseconds, increasing."),
    SPM_DIMENSIONS("", "Comma-separated span or resource attribute keys that become extra SPM labels."),
    SPM_MAX_SERIES("5000", "SPM label combinations kept apart; further ones share one overflow series."),
    SPM_RESOLUTION_MS("15000", "How often the embedded metrics store snapshots the SPM series, milliseconds."),
    SPM_RETENTION_MS("172800000", "How long the embedded metrics store keeps snapshots, milliseconds (48 h)."),
    PROMETHEUS_SERVER_URL("http://localhost:9090", "Prometheus queried when `METRICS_STORAGE=prometheus`.",
            "PROMETHEUS_SERVER_URL"),
    PROMETHEUS_QUERY_NAMESPACE("", "Namespace of the metric names queried in Prometheus.", "PROMETHEUS_QUERY_NAMESPACE"),
    PROMETHEUS_QUERY_NORMALIZE_CALLS("true", "Query `calls_total` rather than `calls`.", "PROMETHEUS_QUERY_NORMALIZE_CALLS"),
    PROMETHEUS_QUERY_NORMALIZE_DURATION("true", "Query `duration_<unit>_bucket` rather than `duration_bucket`.",
            "PROMETHEUS_QUERY_NORMALIZE_DURATION"),
    PROMETHEUS_QUERY_DURATION_UNIT("ms", "Unit of the queried duration histogram: `ms` or `s`.", "PROMETHEUS_QUERY_DURATION_UNIT"),
    PROMETHEUS_QUERY_SUPPORT_SPANMETRICS_CONNECTOR("true", "`false` queries the legacy spanmetrics processor names.",
            "PROMETHEUS_QUERY_SUPPORT_SPANMETRICS_CONNECTOR"),
    PROMETHEUS_TIMEOUT_MS("30000", "Connect and query timeout towards Prometheus, milliseconds.");

    private final String defaultValue;
    private final String description;
    private final List<String> aliases;

    Setting(String defaultValue, String description, String... aliases) {
        this.defaultValue = defaultValue;
        this.description = description;
        this.aliases = List.of(aliases);
    }

    public String envName() {
        return "SIGHTLINE_" + name();
    }

    public String flag() {
        return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Jaeger environment variables accepted for this setting, lower precedence than ours. */
    public List<String> aliases() {
        return aliases;
    }
}

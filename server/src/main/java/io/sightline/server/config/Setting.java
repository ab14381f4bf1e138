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
    SAMPLING_CONFIG_TYPE("file", "Where sampling strategies come from: `file` (the strategies file) or `adaptive` (computed from observed traffic).",
            "SAMPLING_CONFIG_TYPE"),
    SAMPLING_STRATEGIES_FILE("", "Jaeger sampling strategies file: a path or an http(s) URL; empty samples every trace.",
            "SAMPLING_STRATEGIES_FILE"),
    SAMPLING_STRATEGIES_RELOAD_INTERVAL("2s", "How often the strategies file is re-read (`500ms`, `30s`, `0` never); a valid change applies without restart.",
            "SAMPLING_STRATEGIES_RELOAD_INTERVAL"),
    SAMPLING_HTTP_HOST_PORT(":5778", "Agent sampling address: `GET /sampling?service=` and legacy `GET /?service=`.",
            "HTTP_SERVER_HOST_PORT"),
    SAMPLING_TARGET_SAMPLES_PER_SECOND("1", "Adaptive: sampled traces per second wanted for each operation.",
            "SAMPLING_TARGET_SAMPLES_PER_SECOND"),
    SAMPLING_DELTA_TOLERANCE("0.3", "Adaptive: relative distance from the target within which a probability is kept.",
            "SAMPLING_DELTA_TOLERANCE"),
    SAMPLING_BUCKETS_FOR_CALCULATION("1", "Adaptive: newest throughput buckets weighed into each calculation.",
            "SAMPLING_BUCKETS_FOR_CALCULATION"),
    SAMPLING_CALCULATION_INTERVAL("1m", "Adaptive: how often probabilities are recomputed.",
            "SAMPLING_CALCULATION_INTERVAL"),
    SAMPLING_AGGREGATION_BUCKETS("10", "Adaptive: throughput buckets kept (and persisted).",
            "SAMPLING_AGGREGATION_BUCKETS"),
    SAMPLING_INITIAL_SAMPLING_PROBABILITY("0.001", "Adaptive: probability of an operation not seen before.",
            "SAMPLING_INITIAL_SAMPLING_PROBABILITY"),
    SAMPLING_MIN_SAMPLING_PROBABILITY("0.00001", "Adaptive: lowest probability handed out.",
            "SAMPLING_MIN_SAMPLING_PROBABILITY"),
    SAMPLING_MIN_SAMPLES_PER_SECOND("0.016666666666666666", "Adaptive: sampled traces per second SDKs guarantee every operation (lower bound).",
            "SAMPLING_MIN_SAMPLES_PER_SECOND");

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

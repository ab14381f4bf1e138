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
    QUERY_HTTP_HOST_PORT(":16686", "Query API and UI address.", "QUERY_HTTP_SERVER_HOST_PORT"),
    QUERY_BASE_PATH("/", "Path prefix of the query API and UI, for running behind a proxy (e.g. `/jaeger`).",
            "QUERY_BASE_PATH"),
    ADMIN_HOST_PORT(":14269", "Admin address: health check `/`, `/metrics`, `/version`.", "ADMIN_HTTP_HOST_PORT"),
    COLLECTOR_QUEUE_SIZE("20000", "Spans that may wait for storage; past it ingest answers 429 / RESOURCE_EXHAUSTED.",
            "COLLECTOR_QUEUE_SIZE"),
    COLLECTOR_WRITER_THREADS("2", "Threads writing queued spans to storage."),
    COLLECTOR_MAX_SPANS_PER_WRITE("5000", "Most spans grouped into one storage write (one fsync)."),
    SHUTDOWN_TIMEOUT_MS("10000", "How long shutdown waits for in-flight requests, milliseconds.");

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

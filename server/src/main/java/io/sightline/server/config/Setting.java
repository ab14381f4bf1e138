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
    CONFIG_FILE("", "Optional YAML file of settings, keyed by flag name without `--` (e.g. `otlp-grpc-host-port: \":4317\"`); variables and flags win over it."),
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
    ADMIN_HOST_PORT(":14269", "Admin address: health check `/`, probes `/ready` and `/live`, `/metrics`, `/version`.", "ADMIN_HTTP_HOST_PORT"),
    COLLECTOR_QUEUE_SIZE("20000", "Spans that may wait for storage; past it ingest answers 429 / RESOURCE_EXHAUSTED.",
            "COLLECTOR_QUEUE_SIZE"),
    COLLECTOR_QUEUE_MAX_BYTES("268435456", "Estimated heap bytes the queued spans may take; whichever bound is reached first makes the queue full."),
    COLLECTOR_REJECT_WHEN_FULL("true", "A full queue answers a retryable error (HTTP 429 + `Retry-After`, gRPC RESOURCE_EXHAUSTED); `false` acknowledges and drops the spans, as Jaeger does. Dropped spans are counted either way."),
    COLLECTOR_MAX_ATTRIBUTE_VALUE_CHARS("65536", "Longer string and binary attribute values are cut to this length; the span lists the cut keys in `sightline.truncated_attributes`."),
    COLLECTOR_MAX_SPANS_PER_REQUEST("50000", "A request with more spans is refused whole (HTTP 413, gRPC INVALID_ARGUMENT) so the sender splits it."),
    COLLECTOR_WRITER_THREADS("2", "Threads writing queued spans to storage."),
    COLLECTOR_MAX_SPANS_PER_WRITE("5000", "Most spans grouped into one storage write (one fsync)."),
    OTLP_GRPC_TLS_ENABLED("false", "Serve the OTLP/gRPC receiver over TLS.", "COLLECTOR_OTLP_GRPC_TLS_ENABLED"),
    OTLP_GRPC_TLS_CERT("", "PEM certificate chain of the OTLP/gRPC receiver (required with TLS).", "COLLECTOR_OTLP_GRPC_TLS_CERT"),
    OTLP_GRPC_TLS_KEY("", "PEM private key (PKCS#8) of the OTLP/gRPC receiver (required with TLS).", "COLLECTOR_OTLP_GRPC_TLS_KEY"),
    OTLP_GRPC_TLS_CLIENT_CA("", "PEM CA bundle; when set, the OTLP/gRPC receiver requires client certificates signed by it.", "COLLECTOR_OTLP_GRPC_TLS_CLIENT_CA"),
    OTLP_HTTP_TLS_ENABLED("false", "Serve the OTLP/HTTP receiver over TLS.", "COLLECTOR_OTLP_HTTP_TLS_ENABLED"),
    OTLP_HTTP_TLS_CERT("", "PEM certificate chain of the OTLP/HTTP receiver (required with TLS).", "COLLECTOR_OTLP_HTTP_TLS_CERT"),
    OTLP_HTTP_TLS_KEY("", "PEM private key (PKCS#8) of the OTLP/HTTP receiver (required with TLS).", "COLLECTOR_OTLP_HTTP_TLS_KEY"),
    OTLP_HTTP_TLS_CLIENT_CA("", "PEM CA bundle; when set, the OTLP/HTTP receiver requires client certificates signed by it.", "COLLECTOR_OTLP_HTTP_TLS_CLIENT_CA"),
    JAEGER_GRPC_TLS_ENABLED("false", "Serve the Jaeger gRPC receiver over TLS.", "COLLECTOR_GRPC_TLS_ENABLED"),
    JAEGER_GRPC_TLS_CERT("", "PEM certificate chain of the Jaeger gRPC receiver (required with TLS).", "COLLECTOR_GRPC_TLS_CERT"),
    JAEGER_GRPC_TLS_KEY("", "PEM private key (PKCS#8) of the Jaeger gRPC receiver (required with TLS).", "COLLECTOR_GRPC_TLS_KEY"),
    JAEGER_GRPC_TLS_CLIENT_CA("", "PEM CA bundle; when set, the Jaeger gRPC receiver requires client certificates signed by it.", "COLLECTOR_GRPC_TLS_CLIENT_CA"),
    JAEGER_HTTP_TLS_ENABLED("false", "Serve the Jaeger Thrift-over-HTTP receiver over TLS.", "COLLECTOR_HTTP_TLS_ENABLED"),
    JAEGER_HTTP_TLS_CERT("", "PEM certificate chain of the Jaeger Thrift-over-HTTP receiver (required with TLS).", "COLLECTOR_HTTP_TLS_CERT"),
    JAEGER_HTTP_TLS_KEY("", "PEM private key (PKCS#8) of the Jaeger Thrift-over-HTTP receiver (required with TLS).", "COLLECTOR_HTTP_TLS_KEY"),
    JAEGER_HTTP_TLS_CLIENT_CA("", "PEM CA bundle; when set, the Jaeger Thrift-over-HTTP receiver requires client certificates signed by it.", "COLLECTOR_HTTP_TLS_CLIENT_CA"),
    ZIPKIN_TLS_ENABLED("false", "Serve the Zipkin receiver over TLS.", "COLLECTOR_ZIPKIN_TLS_ENABLED"),
    ZIPKIN_TLS_CERT("", "PEM certificate chain of the Zipkin receiver (required with TLS).", "COLLECTOR_ZIPKIN_TLS_CERT"),
    ZIPKIN_TLS_KEY("", "PEM private key (PKCS#8) of the Zipkin receiver (required with TLS).", "COLLECTOR_ZIPKIN_TLS_KEY"),
    ZIPKIN_TLS_CLIENT_CA("", "PEM CA bundle; when set, the Zipkin receiver requires client certificates signed by it.", "COLLECTOR_ZIPKIN_TLS_CLIENT_CA"),
    QUERY_HTTP_TLS_ENABLED("false", "Serve the query API and UI over TLS.", "QUERY_HTTP_TLS_ENABLED"),
    QUERY_HTTP_TLS_CERT("", "PEM certificate chain of the query API and UI (required with TLS).", "QUERY_HTTP_TLS_CERT"),
    QUERY_HTTP_TLS_KEY("", "PEM private key (PKCS#8) of the query API and UI (required with TLS).", "QUERY_HTTP_TLS_KEY"),
    QUERY_HTTP_TLS_CLIENT_CA("", "PEM CA bundle; when set, the query API and UI requires client certificates signed by it.", "QUERY_HTTP_TLS_CLIENT_CA"),
    ADMIN_TLS_ENABLED("false", "Serve the admin port over TLS.", "ADMIN_HTTP_TLS_ENABLED"),
    ADMIN_TLS_CERT("", "PEM certificate chain of the admin port (required with TLS).", "ADMIN_HTTP_TLS_CERT"),
    ADMIN_TLS_KEY("", "PEM private key (PKCS#8) of the admin port (required with TLS).", "ADMIN_HTTP_TLS_KEY"),
    ADMIN_TLS_CLIENT_CA("", "PEM CA bundle; when set, the admin port requires client certificates signed by it.", "ADMIN_HTTP_TLS_CLIENT_CA"),
    QUERY_AUTH_TOKENS_FILE("", "File of bearer tokens (one per line) accepted by the query API and UI; set it or the users file to require credentials there."),
    QUERY_AUTH_USERS_FILE("", "File of `user:password` (or `user:sha256:<hex>`) lines accepted by the query API and UI with HTTP basic."),
    ADMIN_AUTH_TOKENS_FILE("", "File of bearer tokens required by the admin port's writing endpoints (health and metrics stay open)."),
    ADMIN_AUTH_USERS_FILE("", "File of `user:password` lines accepted by the admin port's writing endpoints with HTTP basic."),
    INGEST_AUTH_TOKENS_FILE("", "File of `tenant:token` (or bare token) lines; when set, every ingest request over TCP must carry one as a bearer token."),
    TLS_RELOAD_INTERVAL_MS("10000", "How often certificate, key and CA files are checked for changes and reloaded, milliseconds."),
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

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
    RETENTION("168h", "How long spans are kept (Go duration); expired time partitions are dropped whole, freeing their disk. `0s` keeps everything.",
            "BADGER_SPAN_STORE_TTL"),
    STORAGE_PARTITION_DURATION("24h", "Span start-time range of one storage partition (whole minutes); the granularity of expiry."),
    STORAGE_MIN_FREE_BYTES("1073741824", "Below this much free space on the data directory's volume, ingest is refused with the retryable overload answer instead of filling the disk."),
    ARCHIVE_ENABLED("true", "Serve `POST /api/archive/{id}`: archived traces go to a separate store that retention never expires."),
    BACKUP_DIR("./backups", "Where `POST /admin/backup` writes snapshots, one directory each; best on the data directory's file system (snapshots are then hard links)."),
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
    QUERY_MAX_LIMIT("1500", "Most traces one `/api/traces` search returns, whatever its `limit` asks."),
    QUERY_MAX_SPANS_PER_RESPONSE("1000000", "Most spans one `/api/traces` search response holds; traces past it are left out and named in `errors`."),
    QUERY_MAX_CLOCK_SKEW_ADJUSTMENT("0s", "Largest clock-skew shift applied to a span shown by the query API (Go duration, e.g. `30s`); `0s` only warns.",
            "QUERY_MAX_CLOCK_SKEW_ADJUSTMENT"),
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
            "SAMPLING_MIN_SAMPLES_PER_SECOND"),
    QUERY_BEARER_TOKEN_PROPAGATION("false", "Forward the caller's `Authorization` header to Prometheus on `/api/metrics/*` queries.",
            "QUERY_BEARER_TOKEN_PROPAGATION"),
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
    PROMETHEUS_TIMEOUT_MS("30000", "Connect and query timeout towards Prometheus, milliseconds."),
    QUERY_GRPC_HOST_PORT(":16685", "gRPC query address: `jaeger.api_v2.QueryService`, `jaeger.api_v3.QueryService`, `jaeger.api_v2.metrics.MetricsQueryService`, gRPC health and reflection.",
            "QUERY_GRPC_SERVER_HOST_PORT"),
    QUERY_GRPC_TLS_ENABLED("false", "Serve the gRPC query API over TLS.", "QUERY_GRPC_TLS_ENABLED"),
    QUERY_GRPC_TLS_CERT("", "PEM certificate chain of the gRPC query API (required with TLS).", "QUERY_GRPC_TLS_CERT"),
    QUERY_GRPC_TLS_KEY("", "PEM private key (PKCS#8) of the gRPC query API (required with TLS).", "QUERY_GRPC_TLS_KEY"),
    QUERY_GRPC_TLS_CLIENT_CA("", "PEM CA bundle; when set, the gRPC query API requires client certificates signed by it.", "QUERY_GRPC_TLS_CLIENT_CA"),
    OTLP_GRPC_TLS_MIN_VERSION("1.2", "Lowest TLS version the OTLP/gRPC receiver accepts: `1.2` or `1.3`.", "COLLECTOR_OTLP_GRPC_TLS_MIN_VERSION"),
    OTLP_GRPC_TLS_MAX_VERSION("1.3", "Highest TLS version the OTLP/gRPC receiver accepts: `1.2` or `1.3`.", "COLLECTOR_OTLP_GRPC_TLS_MAX_VERSION"),
    OTLP_GRPC_TLS_CIPHER_SUITES("", "Comma-separated IANA names of the TLS 1.2 cipher suites the OTLP/gRPC receiver offers (e.g. `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`); empty for the defaults. TLS 1.3 suites are not configurable.", "COLLECTOR_OTLP_GRPC_TLS_CIPHER_SUITES"),
    OTLP_HTTP_TLS_MIN_VERSION("1.2", "Lowest TLS version the OTLP/HTTP receiver accepts: `1.2` or `1.3`.", "COLLECTOR_OTLP_HTTP_TLS_MIN_VERSION"),
    OTLP_HTTP_TLS_MAX_VERSION("1.3", "Highest TLS version the OTLP/HTTP receiver accepts: `1.2` or `1.3`.", "COLLECTOR_OTLP_HTTP_TLS_MAX_VERSION"),
    OTLP_HTTP_TLS_CIPHER_SUITES("", "Comma-separated IANA names of the TLS 1.2 cipher suites the OTLP/HTTP receiver offers (e.g. `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`); empty for the defaults. TLS 1.3 suites are not configurable.", "COLLECTOR_OTLP_HTTP_TLS_CIPHER_SUITES"),
    JAEGER_GRPC_TLS_MIN_VERSION("1.2", "Lowest TLS version the Jaeger gRPC receiver accepts: `1.2` or `1.3`.", "COLLECTOR_GRPC_TLS_MIN_VERSION"),
    JAEGER_GRPC_TLS_MAX_VERSION("1.3", "Highest TLS version the Jaeger gRPC receiver accepts: `1.2` or `1.3`.", "COLLECTOR_GRPC_TLS_MAX_VERSION"),
    JAEGER_GRPC_TLS_CIPHER_SUITES("", "Comma-separated IANA names of the TLS 1.2 cipher suites the Jaeger gRPC receiver offers (e.g. `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`); empty for the defaults. TLS 1.3 suites are not configurable.", "COLLECTOR_GRPC_TLS_CIPHER_SUITES"),
    JAEGER_HTTP_TLS_MIN_VERSION("1.2", "Lowest TLS version the Jaeger Thrift-over-HTTP receiver accepts: `1.2` or `1.3`.", "COLLECTOR_HTTP_TLS_MIN_VERSION"),
    JAEGER_HTTP_TLS_MAX_VERSION("1.3", "Highest TLS version the Jaeger Thrift-over-HTTP receiver accepts: `1.2` or `1.3`.", "COLLECTOR_HTTP_TLS_MAX_VERSION"),
    JAEGER_HTTP_TLS_CIPHER_SUITES("", "Comma-separated IANA names of the TLS 1.2 cipher suites the Jaeger Thrift-over-HTTP receiver offers (e.g. `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`); empty for the defaults. TLS 1.3 suites are not configurable.", "COLLECTOR_HTTP_TLS_CIPHER_SUITES"),
    ZIPKIN_TLS_MIN_VERSION("1.2", "Lowest TLS version the Zipkin receiver accepts: `1.2` or `1.3`.", "COLLECTOR_ZIPKIN_TLS_MIN_VERSION"),
    ZIPKIN_TLS_MAX_VERSION("1.3", "Highest TLS version the Zipkin receiver accepts: `1.2` or `1.3`.", "COLLECTOR_ZIPKIN_TLS_MAX_VERSION"),
    ZIPKIN_TLS_CIPHER_SUITES("", "Comma-separated IANA names of the TLS 1.2 cipher suites the Zipkin receiver offers (e.g. `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`); empty for the defaults. TLS 1.3 suites are not configurable.", "COLLECTOR_ZIPKIN_TLS_CIPHER_SUITES"),
    QUERY_HTTP_TLS_MIN_VERSION("1.2", "Lowest TLS version the query API and UI accepts: `1.2` or `1.3`.", "QUERY_HTTP_TLS_MIN_VERSION"),
    QUERY_HTTP_TLS_MAX_VERSION("1.3", "Highest TLS version the query API and UI accepts: `1.2` or `1.3`.", "QUERY_HTTP_TLS_MAX_VERSION"),
    QUERY_HTTP_TLS_CIPHER_SUITES("", "Comma-separated IANA names of the TLS 1.2 cipher suites the query API and UI offers (e.g. `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`); empty for the defaults. TLS 1.3 suites are not configurable.", "QUERY_HTTP_TLS_CIPHER_SUITES"),
    QUERY_GRPC_TLS_MIN_VERSION("1.2", "Lowest TLS version the gRPC query API accepts: `1.2` or `1.3`.", "QUERY_GRPC_TLS_MIN_VERSION"),
    QUERY_GRPC_TLS_MAX_VERSION("1.3", "Highest TLS version the gRPC query API accepts: `1.2` or `1.3`.", "QUERY_GRPC_TLS_MAX_VERSION"),
    QUERY_GRPC_TLS_CIPHER_SUITES("", "Comma-separated IANA names of the TLS 1.2 cipher suites the gRPC query API offers (e.g. `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`); empty for the defaults. TLS 1.3 suites are not configurable.", "QUERY_GRPC_TLS_CIPHER_SUITES"),
    ADMIN_TLS_MIN_VERSION("1.2", "Lowest TLS version the admin port accepts: `1.2` or `1.3`.", "ADMIN_HTTP_TLS_MIN_VERSION"),
    ADMIN_TLS_MAX_VERSION("1.3", "Highest TLS version the admin port accepts: `1.2` or `1.3`.", "ADMIN_HTTP_TLS_MAX_VERSION"),
    ADMIN_TLS_CIPHER_SUITES("", "Comma-separated IANA names of the TLS 1.2 cipher suites the admin port offers (e.g. `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`); empty for the defaults. TLS 1.3 suites are not configurable.", "ADMIN_HTTP_TLS_CIPHER_SUITES");

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

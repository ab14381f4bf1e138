package io.sightline.server.config;

import io.sightline.collector.pipeline.CollectorTags;
import io.sightline.query.QueryOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The resolved configuration. Precedence: command-line flag, then {@code SIGHTLINE_*}
 * variable, then Jaeger alias variable, then the default. An unknown {@code SIGHTLINE_*}
 * variable is an error, so that a typo does not silently fall back to a default.
 */
public final class SightlineConfig {
    private final Map<Setting, String> values;
    /** The process environment, for settings whose values refer to other variables ({@code ${NAME}}). */
    private final Map<String, String> environment;

    private SightlineConfig(Map<Setting, String> values, Map<String, String> environment) {
        this.values = values;
        this.environment = Map.copyOf(environment);
    }

    public static SightlineConfig defaults() {
        return resolve(Map.of(), Map.of());
    }

    /**
     * @param flags values given on the command line
     * @param environment the process environment; {@code SIGHTLINE_CONFIG_FILE} (or the
     *     {@code --config-file} flag) names an optional YAML file read for what neither sets
     * @throws ConfigException naming each unknown {@code SIGHTLINE_*} variable
     */
    public static SightlineConfig resolve(Map<Setting, String> flags, Map<String, String> environment) {
        List<String> unknown = new ArrayList<>();
        for (String name : environment.keySet()) {
            if (name.startsWith("SIGHTLINE_") && !isKnown(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            unknown.sort(null);
            throw new ConfigException("unknown setting" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (see docs/configuration.md for the settings there are)");
        }
        String configFile = flags.getOrDefault(Setting.CONFIG_FILE,
                environment.getOrDefault(Setting.CONFIG_FILE.envName(), "")).trim();
        Map<Setting, String> fromFile = configFile.isEmpty() ? Map.of() : ConfigFile.read(Path.of(configFile));
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            values.put(setting, pick(setting, flags, environment, fromFile));
        }
        SightlineConfig config = new SightlineConfig(values, environment);
        config.validate();
        return config;
    }

    private static boolean isKnown(String envName) {
        for (Setting setting : Setting.values()) {
            if (setting.envName().equals(envName)) {
                return true;
            }
        }
        return false;
    }

    /** A flag wins over our variable, which wins over a Jaeger alias, which wins over the file. */
    private static String pick(Setting setting, Map<Setting, String> flags, Map<String, String> environment,
                               Map<Setting, String> fromFile) {
        String flag = flags.get(setting);
        if (flag != null) {
            return flag;
        }
        String own = environment.get(setting.envName());
        if (own != null) {
            return own;
        }
        for (String alias : setting.aliases()) {
            String value = environment.get(alias);
            if (value != null && !value.isEmpty()) {
                return translateAlias(setting, value);
            }
        }
        String inFile = fromFile.get(setting);
        if (inFile != null) {
            return translateAlias(setting, inFile);
        }
        return setting.defaultValue();
    }

    /** Jaeger's storage names map onto ours: its embedded store is ours, its memory store ours. */
    private static String translateAlias(Setting setting, String value) {
        if (setting == Setting.STORAGE && value.trim().equalsIgnoreCase("badger")) {
            return "rocksdb";
        }
        return value;
    }

    /** Copies this configuration with one value replaced (for tests and embedding). */
    public SightlineConfig with(Setting setting, String value) {
        Map<Setting, String> copy = new EnumMap<>(values);
        copy.put(setting, Objects.requireNonNull(value, "value"));
        SightlineConfig config = new SightlineConfig(copy, environment);
        config.validate();
        return config;
    }

    /** Jaeger's {@code COLLECTOR_TAGS}, with {@code ${NAME:default}} values read from the environment. */
    public CollectorTags collectorTags() {
        try {
            return CollectorTags.parse(raw(Setting.COLLECTOR_TAGS), environment::get);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.COLLECTOR_TAGS.envName() + ": " + e.getMessage());
        }
    }

    private void validate() {
        storage();
        collectorTags();
        for (Setting setting : Setting.values()) {
            if (setting.name().endsWith("_HOST_PORT")) {
                hostPort(setting);
            }
        }
        positiveLong(Setting.MEMORY_MAX_SPANS);
        positiveInt(Setting.OTLP_GRPC_MAX_MESSAGE_BYTES);
        positiveLong(Setting.OTLP_HTTP_MAX_BODY_BYTES);
        positiveInt(Setting.COLLECTOR_QUEUE_SIZE);
        positiveLong(Setting.COLLECTOR_QUEUE_MAX_BYTES);
        bool(Setting.COLLECTOR_REJECT_WHEN_FULL);
        positiveInt(Setting.COLLECTOR_MAX_ATTRIBUTE_VALUE_CHARS);
        positiveInt(Setting.JAEGER_GRPC_MAX_MESSAGE_BYTES);
        positiveLong(Setting.JAEGER_HTTP_MAX_BODY_BYTES);
        positiveInt(Setting.AGENT_MAX_PACKET_BYTES);
        bool(Setting.ZIPKIN_ENABLED);
        positiveInt(Setting.ZIPKIN_MAX_BODY_BYTES);
        positiveInt(Setting.COLLECTOR_WRITER_THREADS);
        positiveInt(Setting.COLLECTOR_MAX_SPANS_PER_WRITE);
        positiveLong(Setting.SHUTDOWN_TIMEOUT_MS);
        positiveInt(Setting.COLLECTOR_MAX_SPANS_PER_REQUEST);
        positiveLong(Setting.TLS_RELOAD_INTERVAL_MS);
        for (Setting setting : Setting.values()) {
            if (setting.name().endsWith("_TLS_ENABLED")) {
                bool(setting);
            }
        }
        bool(Setting.STORAGE_SYNC_WRITES);
        queryBasePath();
        positiveInt(Setting.QUERY_MAX_LIMIT);
        positiveInt(Setting.QUERY_MAX_SPANS_PER_RESPONSE);
        queryMaxClockSkewAdjustmentNanos();
        retention();
        partitionDuration();
        bool(Setting.QUERY_BEARER_TOKEN_PROPAGATION);
        bool(Setting.ARCHIVE_ENABLED);
        positiveLong(Setting.STORAGE_MIN_FREE_BYTES);
        metricsStorage();
        spmBucketsMs();
        spmDimensions();
        positiveInt(Setting.SPM_MAX_SERIES);
        positiveLong(Setting.SPM_RESOLUTION_MS);
        positiveLong(Setting.SPM_RETENTION_MS);
        positiveLong(Setting.PROMETHEUS_TIMEOUT_MS);
        bool(Setting.STORAGE_EPHEMERAL);
        bool(Setting.STORAGE_READ_ONLY);
        readOnlyCatchUpInterval();
        if (ephemeral() && readOnly()) {
            throw new ConfigException(Setting.STORAGE_EPHEMERAL.envName() + " and " + Setting.STORAGE_READ_ONLY.envName()
                    + " are both true (expected: at most one; a read-only process reads the directories of another,"
                    + " an ephemeral one has none)");
        }
        if (readOnly() && storage() != StorageType.ROCKSDB) {
            throw new ConfigException(Setting.STORAGE_READ_ONLY.envName() + "=true needs the embedded store ("
                    + Setting.STORAGE.envName() + "=rocksdb), not " + raw(Setting.STORAGE));
        }
        bool(Setting.PROMETHEUS_QUERY_NORMALIZE_CALLS);
        bool(Setting.PROMETHEUS_QUERY_NORMALIZE_DURATION);
        bool(Setting.PROMETHEUS_QUERY_SUPPORT_SPANMETRICS_CONNECTOR);
        prometheusServerUrl();
        String unit = raw(Setting.PROMETHEUS_QUERY_DURATION_UNIT).trim();
        if (!unit.equals("ms") && !unit.equals("s")) {
            throw new ConfigException(Setting.PROMETHEUS_QUERY_DURATION_UNIT.envName() + ": '" + unit + "' (expected: ms or s)");
        }
        validateRoleAndKafka();
        String namespace = raw(Setting.SPM_NAMESPACE).trim();
        if (!namespace.isEmpty() && !namespace.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new ConfigException(Setting.SPM_NAMESPACE.envName() + ": '" + namespace
                    + "' (expected: letters, digits, _ and :, not starting with a digit)");
        }
    }

    public ServerRole role() {
        return ServerRole.parse(raw(Setting.ROLE), Setting.ROLE.envName());
    }

    /** Kafka holds spans but cannot answer queries, and an ingester writing back into its own topic would loop. */
    private void validateRoleAndKafka() {
        ServerRole role = role();
        if (storage() == StorageType.KAFKA && role != ServerRole.COLLECTOR) {
            throw new ConfigException(Setting.STORAGE.envName() + "=kafka is only valid for the collector role (this is "
                    + role.cliName() + "); the ingester and query roles use the storage the spans end up in, e.g. rocksdb");
        }
        for (Setting setting : new Setting[] {Setting.KAFKA_PRODUCER_ENCODING, Setting.KAFKA_CONSUMER_ENCODING}) {
            String encoding = raw(setting).trim();
            if (!encoding.equals("protobuf") && !encoding.equals("json")) {
                throw new ConfigException(setting.envName() + ": '" + raw(setting) + "' (expected: protobuf or json)");
            }
        }
        goDurationNanos(Setting.KAFKA_PRODUCER_BATCH_LINGER, "e.g. 0s, 10ms, 1s");
        positiveLong(Setting.KAFKA_PRODUCER_SEND_TIMEOUT_MS);
        positiveLong(Setting.KAFKA_PRODUCER_METADATA_TIMEOUT_MS);
        positiveInt(Setting.INGESTER_PARALLELISM);
        positiveInt(Setting.INGESTER_MAX_POLL_RECORDS);
        positiveLong(Setting.INGESTER_RETRY_BACKOFF_MAX_MS);
    }

    /** Where {@code /api/metrics/*} reads from; Jaeger's empty value (SPM off) is {@code none} here. */
    public MetricsStorageType metricsStorage() {
        String value = raw(Setting.METRICS_STORAGE).trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "embedded": return MetricsStorageType.EMBEDDED;
            case "prometheus": return MetricsStorageType.PROMETHEUS;
            case "none": return MetricsStorageType.NONE;
            default: throw new ConfigException(Setting.METRICS_STORAGE.envName() + ": unknown metrics storage '"
                    + raw(Setting.METRICS_STORAGE) + "' (expected: embedded, prometheus or none)");
        }
    }

    public List<Double> spmBucketsMs() {
        List<Double> bounds = new ArrayList<>();
        double previous = Double.NEGATIVE_INFINITY;
        for (String part : raw(Setting.SPM_HISTOGRAM_BUCKETS_MS).split(",")) {
            double bound;
            try {
                bound = Double.parseDouble(part.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(Setting.SPM_HISTOGRAM_BUCKETS_MS.envName() + ": '" + part.trim() + "' is not a number");
            }
            if (!(bound > previous) || Double.isInfinite(bound)) {
                throw new ConfigException(Setting.SPM_HISTOGRAM_BUCKETS_MS.envName() + ": '"
                        + raw(Setting.SPM_HISTOGRAM_BUCKETS_MS) + "' (expected: finite bounds in increasing order)");
            }
            bounds.add(bound);
            previous = bound;
        }
        return bounds;
    }

    public List<String> spmDimensions() {
        List<String> keys = new ArrayList<>();
        for (String part : raw(Setting.SPM_DIMENSIONS).split(",")) {
            if (!part.isBlank()) {
                keys.add(part.trim());
            }
        }
        return keys;
    }

    public java.net.URI prometheusServerUrl() {
        String url = raw(Setting.PROMETHEUS_SERVER_URL).trim();
        try {
            java.net.URI uri = new java.net.URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(Setting.PROMETHEUS_SERVER_URL.envName() + ": '" + url
                + "' (expected: an http or https URL such as http://localhost:9090)");
    }

    /** Where the Monitor tab's metrics come from. */
    public enum MetricsStorageType {
        EMBEDDED,
        PROMETHEUS,
        NONE
    }

    public String raw(Setting setting) {
        return values.get(setting);
    }

    public StorageType storage() {
        String value = raw(Setting.STORAGE).trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "rocksdb": return StorageType.ROCKSDB;
            case "memory": return StorageType.MEMORY;
            case "kafka": return StorageType.KAFKA;
            case "opensearch":
            case "elasticsearch":
                return StorageType.OPENSEARCH;
            default: throw new ConfigException(Setting.STORAGE.envName() + ": unknown storage '" + raw(Setting.STORAGE)
                    + "' (expected: rocksdb, memory, opensearch, elasticsearch or kafka)");
        }
    }

    public Path dataDir() {
        return Path.of(raw(Setting.DATA_DIR));
    }

    /** The embedded store's database directory: {@link Setting#STORAGE_KEY_DIR}, else the data directory. */
    public Path storeDir() {
        String key = raw(Setting.STORAGE_KEY_DIR).trim();
        return key.isEmpty() ? dataDir() : Path.of(key);
    }

    /** Where the span partitions' table files go: {@link Setting#STORAGE_VALUE_DIR}, else {@link #storeDir()}. */
    public Path valueDir() {
        String value = raw(Setting.STORAGE_VALUE_DIR).trim();
        return value.isEmpty() ? storeDir() : Path.of(value);
    }

    public boolean ephemeral() {
        return bool(Setting.STORAGE_EPHEMERAL);
    }

    public boolean readOnly() {
        return bool(Setting.STORAGE_READ_ONLY);
    }

    /** {@link Setting#STORAGE_READ_ONLY_CATCH_UP_INTERVAL}: a Go duration, at least 1 ms. */
    public java.time.Duration readOnlyCatchUpInterval() {
        long nanos = goDurationNanos(Setting.STORAGE_READ_ONLY_CATCH_UP_INTERVAL, "e.g. 1s, 5s, 1m");
        if (nanos < 1_000_000) {
            throw new ConfigException(Setting.STORAGE_READ_ONLY_CATCH_UP_INTERVAL.envName() + ": '"
                    + raw(Setting.STORAGE_READ_ONLY_CATCH_UP_INTERVAL) + "' (expected: at least 1ms)");
        }
        return java.time.Duration.ofNanos(nanos);
    }

    public HostPort hostPort(Setting setting) {
        return HostPort.parse(raw(setting), setting.envName());
    }

    public int positiveInt(Setting setting) {
        long value = positiveLong(setting);
        if (value > Integer.MAX_VALUE) {
            throw new ConfigException(setting.envName() + ": " + value + " is too large (expected: at most " + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    public long positiveLong(Setting setting) {
        String text = raw(setting).trim();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(setting.envName() + ": '" + raw(setting) + "' is not a whole number");
        }
        if (value <= 0) {
            throw new ConfigException(setting.envName() + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    public boolean bool(Setting setting) {
        String text = raw(setting).trim().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw new ConfigException(setting.envName() + ": '" + raw(setting) + "' (expected: true or false)");
    }

    /** {@code /} or a prefix that starts with {@code /} and does not end with one. */
    public String queryBasePath() {
        String path = raw(Setting.QUERY_BASE_PATH).trim();
        if (path.isEmpty() || path.equals("/")) {
            return "/";
        }
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new ConfigException(Setting.QUERY_BASE_PATH.envName() + ": '" + path
                    + "' (expected: / or a path that starts with / and does not end with /, e.g. /jaeger)");
        }
        return path;
    }

    /** {@link Setting#QUERY_MAX_CLOCK_SKEW_ADJUSTMENT} in ns: a Go duration, as Jaeger takes it. */
    public long queryMaxClockSkewAdjustmentNanos() {
        return goDurationNanos(Setting.QUERY_MAX_CLOCK_SKEW_ADJUSTMENT, "e.g. 0s, 30s, 1m");
    }

    /** A setting holding a Go duration ({@code 168h}, {@code 1h30m}, {@code 90s}), in ns, at least 0. */
    public long goDurationNanos(Setting setting, String examples) {
        long nanos;
        try {
            nanos = QueryOptions.parseGoDurationNanos(raw(setting));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting.envName() + ": " + e.getMessage() + " (expected: " + examples + ")");
        }
        if (nanos < 0) {
            throw new ConfigException(setting.envName() + ": '" + raw(setting) + "' (expected: >= 0s)");
        }
        return nanos;
    }

    /** How long spans are kept; zero keeps them forever. */
    public java.time.Duration retention() {
        return java.time.Duration.ofNanos(goDurationNanos(Setting.RETENTION, "e.g. 168h, 72h, 0s for forever"));
    }

    /** The span start-time range of one storage partition: whole minutes, at least one. */
    public java.time.Duration partitionDuration() {
        long nanos = goDurationNanos(Setting.STORAGE_PARTITION_DURATION, "e.g. 24h, 6h, 1h");
        java.time.Duration duration = java.time.Duration.ofNanos(nanos);
        if (duration.compareTo(java.time.Duration.ofMinutes(1)) < 0 || duration.toSeconds() % 60 != 0 || duration.toNanos() % 1_000_000_000L != 0) {
            throw new ConfigException(Setting.STORAGE_PARTITION_DURATION.envName() + ": '" + raw(Setting.STORAGE_PARTITION_DURATION)
                    + "' (expected: a whole number of minutes, at least 1m)");
        }
        return duration;
    }

    /** The kinds of span storage the server can run on. */
    public enum StorageType {
        ROCKSDB,
        MEMORY,
        /** Spans go to a topic for ingesters; the collector role only. */
        KAFKA,
        /** OpenSearch or Elasticsearch, in Jaeger's index layout. */
        OPENSEARCH
    }
}

package io.sightline.storage.opensearch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How to reach an OpenSearch or Elasticsearch cluster and lay spans out in it; immutable, made by
 * {@link #builder()}. The defaults are Jaeger's ({@code ES_*} variables), except where noted.
 */
public final class OpenSearchStorageOptions {
    private final List<URI> serverUrls;
    private final String indexPrefix;
    private final int shards;
    private final int replicas;
    private final String username;
    private final String password;
    private final Path caCertificate;
    private final boolean skipTlsVerify;
    private final boolean tagsAsFieldsAll;
    private final Set<String> tagsAsFieldsInclude;
    private final String tagsAsFieldsDotReplacement;
    private final boolean createTemplates;
    private final long bulkMaxBytes;
    private final int bulkMaxActions;
    private final int bulkWorkers;
    private final Duration retention;
    private final Duration retentionCheckInterval;
    private final boolean archive;
    private final boolean refreshOnWrite;
    private final Duration requestTimeout;
    private final int dependencyMaxSpans;
    private final Clock clock;

    private OpenSearchStorageOptions(Builder builder) {
        if (builder.serverUrls.isEmpty()) {
            throw new IllegalArgumentException("serverUrls: [] (expected: at least one http(s) URL)");
        }
        this.serverUrls = List.copyOf(builder.serverUrls);
        this.indexPrefix = builder.indexPrefix;
        this.shards = builder.shards;
        this.replicas = builder.replicas;
        this.username = builder.username;
        this.password = builder.password;
        this.caCertificate = builder.caCertificate;
        this.skipTlsVerify = builder.skipTlsVerify;
        this.tagsAsFieldsAll = builder.tagsAsFieldsAll;
        this.tagsAsFieldsInclude = Set.copyOf(builder.tagsAsFieldsInclude);
        this.tagsAsFieldsDotReplacement = builder.tagsAsFieldsDotReplacement;
        this.createTemplates = builder.createTemplates;
        this.bulkMaxBytes = builder.bulkMaxBytes;
        this.bulkMaxActions = builder.bulkMaxActions;
        this.bulkWorkers = builder.bulkWorkers;
        this.retention = builder.retention;
        this.retentionCheckInterval = builder.retentionCheckInterval;
        this.archive = builder.archive;
        this.refreshOnWrite = builder.refreshOnWrite;
        this.requestTimeout = builder.requestTimeout;
        this.dependencyMaxSpans = builder.dependencyMaxSpans;
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The cluster's HTTP endpoints, tried in turn (default {@code http://127.0.0.1:9200}). */
    public List<URI> serverUrls() {
        return serverUrls;
    }

    /** Prepended to every index name, with a {@code -} (Jaeger's {@code ES_INDEX_PREFIX}); empty for none. */
    public String indexPrefix() {
        return indexPrefix;
    }

    /** {@code index.number_of_shards} of the templates (default 5). */
    public int shards() {
        return shards;
    }

    /** {@code index.number_of_replicas} of the templates (default 1). */
    public int replicas() {
        return replicas;
    }

    /** HTTP basic-auth user; empty for none. */
    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** PEM file of the CA that signed the cluster's certificate, or {@code null} for the JDK's trust store. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** Trust any certificate and host name (tests and labs only). */
    public boolean skipTlsVerify() {
        return skipTlsVerify;
    }

    /** Store every span and process tag also as a field of {@code tag} / {@code process.tag}. */
    public boolean tagsAsFieldsAll() {
        return tagsAsFieldsAll;
    }

    /** Tag keys stored as fields even when {@link #tagsAsFieldsAll()} is off. */
    public Set<String> tagsAsFieldsInclude() {
        return tagsAsFieldsInclude;
    }

    /** What replaces {@code .} in a tag key stored as a field (default {@code @}). */
    public String tagsAsFieldsDotReplacement() {
        return tagsAsFieldsDotReplacement;
    }

    /** Put the index templates at start-up (and on recovery) (default true). */
    public boolean createTemplates() {
        return createTemplates;
    }

    /** Largest bulk request body, bytes (default 5,000,000); a bigger write is split. */
    public long bulkMaxBytes() {
        return bulkMaxBytes;
    }

    /** Most documents in one bulk request (default 1000); a bigger write is split. */
    public int bulkMaxActions() {
        return bulkMaxActions;
    }

    /** Most bulk requests in flight at once, over all writers (default 4). */
    public int bulkWorkers() {
        return bulkWorkers;
    }

    /** How long span and service indices are kept (default 168 h); zero keeps them forever. */
    public Duration retention() {
        return retention;
    }

    /** How often expired indices are looked for (default 1 hour). */
    public Duration retentionCheckInterval() {
        return retentionCheckInterval;
    }

    /**
     * True for the archive store: every span goes to the one index {@code jaeger-span-archive},
     * no service documents are written and retention never runs.
     */
    public boolean archive() {
        return archive;
    }

    /**
     * Refresh the written indices before a write returns, so that the next read sees it (default
     * false: a write is durable when it returns and searchable within the index refresh interval,
     * 1 s by default, as with Jaeger).
     */
    public boolean refreshOnWrite() {
        return refreshOnWrite;
    }

    /** Timeout of one HTTP request (default 30 s). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Most spans one dependency computation reads (default 1,000,000); past it the answer is
     * computed from the spans read so far and a warning is logged.
     */
    public int dependencyMaxSpans() {
        return dependencyMaxSpans;
    }

    Clock clock() {
        return clock;
    }

    /** Mutable builder. */
    public static final class Builder {
        private final List<URI> serverUrls = new ArrayList<>(List.of(URI.create("http://127.0.0.1:9200")));
        private boolean defaultUrls = true;
        private String indexPrefix = "";
        private int shards = 5;
        private int replicas = 1;
        private String username = "";
        private String password = "";
        private Path caCertificate;
        private boolean skipTlsVerify;
        private boolean tagsAsFieldsAll;
        private final Set<String> tagsAsFieldsInclude = new LinkedHashSet<>();
        private String tagsAsFieldsDotReplacement = "@";
        private boolean createTemplates = true;
        private long bulkMaxBytes = 5_000_000;
        private int bulkMaxActions = 1_000;
        private int bulkWorkers = 4;
        private Duration retention = Duration.ofHours(168);
        private Duration retentionCheckInterval = Duration.ofHours(1);
        private boolean archive;
        private boolean refreshOnWrite;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int dependencyMaxSpans = 1_000_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Adds one endpoint; the first call replaces the default. */
        public Builder addServerUrl(URI url) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
                throw new IllegalArgumentException("server URL: " + url + " (expected: http://host:port or https://host:port)");
            }
            if (defaultUrls) {
                serverUrls.clear();
                defaultUrls = false;
            }
            serverUrls.add(url);
            return this;
        }

        /** Comma-separated endpoints, as {@code ES_SERVER_URLS} takes them. */
        public Builder serverUrls(String commaSeparated) {
            for (String url : commaSeparated.split(",")) {
                if (!url.isBlank()) {
                    try {
                        addServerUrl(URI.create(url.trim()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(e.getMessage().startsWith("server URL")
                                ? e.getMessage() : "server URL: " + url.trim() + " (" + e.getMessage() + ")", e);
                    }
                }
            }
            return this;
        }

        public Builder indexPrefix(String indexPrefix) {
            Objects.requireNonNull(indexPrefix, "indexPrefix");
            if (!indexPrefix.equals(indexPrefix.toLowerCase(java.util.Locale.ROOT)) || indexPrefix.contains("*")
                    || indexPrefix.contains(",") || indexPrefix.contains(" ") || indexPrefix.startsWith("_")) {
                throw new IllegalArgumentException("indexPrefix: " + indexPrefix
                        + " (expected: lower case, without '*', ',', ' ' or a leading '_')");
            }
            this.indexPrefix = indexPrefix;
            return this;
        }

        public Builder shards(int shards) {
            this.shards = positive("shards", shards);
            return this;
        }

        public Builder replicas(int replicas) {
            if (replicas < 0) {
                throw new IllegalArgumentException("replicas: " + replicas + " (expected: >= 0)");
            }
            this.replicas = replicas;
            return this;
        }

        public Builder credentials(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        public Builder caCertificate(Path caCertificate) {
            this.caCertificate = caCertificate;
            return this;
        }

        public Builder skipTlsVerify(boolean skipTlsVerify) {
            this.skipTlsVerify = skipTlsVerify;
            return this;
        }

        public Builder tagsAsFieldsAll(boolean tagsAsFieldsAll) {
            this.tagsAsFieldsAll = tagsAsFieldsAll;
            return this;
        }

        public Builder tagsAsFieldsInclude(Set<String> keys) {
            tagsAsFieldsInclude.clear();
            tagsAsFieldsInclude.addAll(keys);
            return this;
        }

        public Builder tagsAsFieldsDotReplacement(String replacement) {
            Objects.requireNonNull(replacement, "replacement");
            if (replacement.isEmpty() || replacement.contains(".")) {
                throw new IllegalArgumentException("tagsAsFieldsDotReplacement: '" + replacement
                        + "' (expected: non-empty, without '.')");
            }
            this.tagsAsFieldsDotReplacement = replacement;
            return this;
        }

        public Builder createTemplates(boolean createTemplates) {
            this.createTemplates = createTemplates;
            return this;
        }

        public Builder bulkMaxBytes(long bulkMaxBytes) {
            if (bulkMaxBytes <= 0) {
                throw new IllegalArgumentException("bulkMaxBytes: " + bulkMaxBytes + " (expected: > 0)");
            }
            this.bulkMaxBytes = bulkMaxBytes;
            return this;
        }

        public Builder bulkMaxActions(int bulkMaxActions) {
            this.bulkMaxActions = positive("bulkMaxActions", bulkMaxActions);
            return this;
        }

        public Builder bulkWorkers(int bulkWorkers) {
            this.bulkWorkers = positive("bulkWorkers", bulkWorkers);
            return this;
        }

        public Builder retention(Duration retention) {
            Objects.requireNonNull(retention, "retention");
            if (retention.isNegative()) {
                throw new IllegalArgumentException("retention: " + retention + " (expected: >= 0)");
            }
            this.retention = retention;
            return this;
        }

        public Builder retentionCheckInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("retentionCheckInterval: " + interval + " (expected: > 0)");
            }
            this.retentionCheckInterval = interval;
            return this;
        }

        public Builder archive(boolean archive) {
            this.archive = archive;
            return this;
        }

        public Builder refreshOnWrite(boolean refreshOnWrite) {
            this.refreshOnWrite = refreshOnWrite;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout: " + requestTimeout + " (expected: > 0)");
            }
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder dependencyMaxSpans(int dependencyMaxSpans) {
            this.dependencyMaxSpans = positive("dependencyMaxSpans", dependencyMaxSpans);
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public OpenSearchStorageOptions build() {
            return new OpenSearchStorageOptions(this);
        }

        private static int positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }
    }
}

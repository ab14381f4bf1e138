package io.sightline.server;

import io.sightline.core.storage.StorageComponent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import io.sightline.core.storage.memory.InMemoryStorage;
import io.sightline.kafka.KafkaSpanWriter;
import io.sightline.server.config.ConfigException;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import io.sightline.storage.opensearch.OpenSearchStorage;
import io.sightline.storage.opensearch.OpenSearchStorageOptions;
import io.sightline.storage.rocksdb.RocksDbStorage;
import io.sightline.storage.rocksdb.RocksDbStorageOptions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the span storage the configuration names. */
final class StorageFactory {
    private static final Logger log = LoggerFactory.getLogger(StorageFactory.class);
    private static final String ARCHIVE = "archive";

    private StorageFactory() {}

    static StorageComponent open(SightlineConfig config) {
        switch (config.storage()) {
            case MEMORY:
                return new InMemoryStorage(config.positiveLong(Setting.MEMORY_MAX_SPANS));
            case KAFKA:
                return KafkaSpanWriter.open(KafkaSettings.producer(config));
            case OPENSEARCH:
                return OpenSearchStorage.open(openSearchOptions(config).retention(config.retention()).build());
            case ROCKSDB:
            default:
                RocksDbStorageOptions.Builder options = RocksDbStorageOptions.builder()
                        .syncWrites(config.bool(Setting.STORAGE_SYNC_WRITES))
                        .retention(config.retention())
                        .partitionDuration(config.partitionDuration());
                if (config.ephemeral()) {
                    logIgnoredDirectories(config);
                    return RocksDbStorage.open(options.ephemeral(true).build());
                }
                return RocksDbStorage.open(options.dataDirectory(config.storeDir()).valueDirectory(config.valueDir())
                        .readOnly(config.readOnly()).catchUpInterval(config.readOnlyCatchUpInterval()).build());
        }
    }

    /**
     * The archive of {@code POST /api/archive/{id}}: for the embedded store, a second store in
     * {@code <key dir>/archive} that retention never touches (ephemeral: another temporary one;
     * read-only: the owner's archive, followed like the store, or none when it has none yet); for
     * the memory store, another bounded memory store; for OpenSearch, Jaeger's {@code jaeger-span-archive} index.
     *
     * @return the archive, or null when there is none to open
     */
    static StorageComponent openArchive(SightlineConfig config) {
        switch (config.storage()) {
            case MEMORY:
                return new InMemoryStorage(config.positiveLong(Setting.MEMORY_MAX_SPANS));
            case OPENSEARCH:
                return OpenSearchStorage.open(openSearchOptions(config).archive(true).build());
            case ROCKSDB:
            default:
                RocksDbStorageOptions.Builder options = RocksDbStorageOptions.builder()
                        .syncWrites(config.bool(Setting.STORAGE_SYNC_WRITES))
                        .retention(java.time.Duration.ZERO);
                if (config.ephemeral()) {
                    return RocksDbStorage.open(options.ephemeral(true).build());
                }
                java.nio.file.Path directory = config.storeDir().resolve(ARCHIVE);
                if (config.readOnly()) {
                    if (!Files.exists(directory.resolve("CURRENT"))) {
                        log.info("Read-only: no archive in {} yet, so archived traces are not looked up", directory);
                        return null;
                    }
                    return RocksDbStorage.open(options.dataDirectory(directory).readOnly(true)
                            .catchUpInterval(config.readOnlyCatchUpInterval()).build());
                }
                return RocksDbStorage.open(options.dataDirectory(directory).build());
        }
    }

    private static void logIgnoredDirectories(SightlineConfig config) {
        List<String> ignored = new ArrayList<>();
        for (Setting setting : List.of(Setting.DATA_DIR, Setting.STORAGE_KEY_DIR, Setting.STORAGE_VALUE_DIR)) {
            if (!config.raw(setting).equals(setting.defaultValue())) {
                ignored.add(setting.envName() + "=" + config.raw(setting));
            }
        }
        if (!ignored.isEmpty()) {
            log.warn("{}=true: ignoring {}; the store lives in a temporary directory deleted at shutdown",
                    Setting.STORAGE_EPHEMERAL.envName(), String.join(", ", ignored));
        }
    }

    /** The {@code ES_*} settings, as Jaeger names them, onto the store's options. */
    static OpenSearchStorageOptions.Builder openSearchOptions(SightlineConfig config) {
        try {
            OpenSearchStorageOptions.Builder options = OpenSearchStorageOptions.builder()
                    .serverUrls(config.raw(Setting.ES_SERVER_URLS))
                    .indexPrefix(config.raw(Setting.ES_INDEX_PREFIX).trim())
                    .shards(config.positiveInt(Setting.ES_NUM_SHARDS))
                    .replicas(nonNegativeInt(config, Setting.ES_NUM_REPLICAS))
                    .createTemplates(config.bool(Setting.ES_CREATE_INDEX_TEMPLATES))
                    .skipTlsVerify(config.bool(Setting.ES_TLS_SKIP_HOST_VERIFY))
                    .tagsAsFieldsAll(config.bool(Setting.ES_TAGS_AS_FIELDS_ALL))
                    .tagsAsFieldsInclude(commaSeparated(config.raw(Setting.ES_TAGS_AS_FIELDS_INCLUDE)))
                    .tagsAsFieldsDotReplacement(config.raw(Setting.ES_TAGS_AS_FIELDS_DOT_REPLACEMENT))
                    .bulkMaxBytes(config.positiveLong(Setting.ES_BULK_SIZE))
                    .bulkMaxActions(config.positiveInt(Setting.ES_BULK_ACTIONS))
                    .bulkWorkers(config.positiveInt(Setting.ES_BULK_WORKERS))
                    .dependencyMaxSpans(config.positiveInt(Setting.ES_DEPENDENCIES_MAX_SPANS));
            String ca = config.raw(Setting.ES_TLS_CA).trim();
            if (!ca.isEmpty()) {
                options.caCertificate(Path.of(ca));
            }
            String username = config.raw(Setting.ES_USERNAME);
            if (!username.isEmpty()) {
                options.credentials(username, password(config));
            }
            return options;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("OpenSearch storage: " + e.getMessage());
        }
    }

    private static String password(SightlineConfig config) {
        String file = config.raw(Setting.ES_PASSWORD_FILE).trim();
        if (file.isEmpty()) {
            return config.raw(Setting.ES_PASSWORD);
        }
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new ConfigException(Setting.ES_PASSWORD_FILE.envName() + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private static int nonNegativeInt(SightlineConfig config, Setting setting) {
        try {
            int value = Integer.parseInt(config.raw(setting).trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new ConfigException(setting.envName() + ": '" + config.raw(setting) + "' (expected: a whole number >= 0)");
    }

    private static Set<String> commaSeparated(String value) {
        Set<String> keys = new LinkedHashSet<>();
        for (String key : value.split(",")) {
            if (!key.isBlank()) {
                keys.add(key.trim());
            }
        }
        return keys;
    }
}

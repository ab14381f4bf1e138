package io.sightline.server;

import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.memory.InMemoryStorage;
import io.sightline.kafka.KafkaSpanWriter;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import io.sightline.storage.rocksdb.RocksDbStorage;
import io.sightline.storage.rocksdb.RocksDbStorageOptions;
import java.nio.file.Files;
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
     * the memory store, another bounded memory store.
     *
     * @return the archive, or null when there is none to open
     */
    static StorageComponent openArchive(SightlineConfig config) {
        switch (config.storage()) {
            case MEMORY:
                return new InMemoryStorage(config.positiveLong(Setting.MEMORY_MAX_SPANS));
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
}

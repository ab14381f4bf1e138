package io.sightline.server;

import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.memory.InMemoryStorage;
import io.sightline.kafka.KafkaSpanWriter;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import io.sightline.storage.rocksdb.RocksDbStorage;
import io.sightline.storage.rocksdb.RocksDbStorageOptions;

/** Opens the span storage the configuration names. */
final class StorageFactory {
    private StorageFactory() {}

    static StorageComponent open(SightlineConfig config) {
        switch (config.storage()) {
            case MEMORY:
                return new InMemoryStorage(config.positiveLong(Setting.MEMORY_MAX_SPANS));
            case KAFKA:
                return KafkaSpanWriter.open(KafkaSettings.producer(config));
            case ROCKSDB:
            default:
                return RocksDbStorage.open(RocksDbStorageOptions.builder()
                        .dataDirectory(config.dataDir())
                        .syncWrites(config.bool(Setting.STORAGE_SYNC_WRITES))
                        .retention(config.retention())
                        .partitionDuration(config.partitionDuration())
                        .build());
        }
    }

    /**
     * The archive of {@code POST /api/archive/{id}}: for the embedded store, a second store in
     * {@code <data dir>/archive} that retention never touches; for the memory store, another
     * bounded memory store.
     */
    static StorageComponent openArchive(SightlineConfig config) {
        switch (config.storage()) {
            case MEMORY:
                return new InMemoryStorage(config.positiveLong(Setting.MEMORY_MAX_SPANS));
            case ROCKSDB:
            default:
                return RocksDbStorage.open(RocksDbStorageOptions.builder()
                        .dataDirectory(config.dataDir().resolve("archive"))
                        .syncWrites(config.bool(Setting.STORAGE_SYNC_WRITES))
                        .retention(java.time.Duration.ZERO)
                        .build());
        }
    }
}

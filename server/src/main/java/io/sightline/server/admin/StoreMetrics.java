package io.sightline.server.admin;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.storage.rocksdb.RocksDbStorage;
import io.sightline.storage.rocksdb.StorageStats;
import java.util.function.Supplier;

/** The embedded store's self-metrics, read from its stats at each scrape (RocksDB properties, no scan). */
public final class StoreMetrics {
    private StoreMetrics() {}

    public static void register(RocksDbStorage storage, PrometheusRegistry registry) {
        Supplier<StorageStats> stats = () -> {
            try {
                return storage.stats();
            } catch (RuntimeException e) {
                return new StorageStats(java.util.List.of(), 0);
            }
        };
        GaugeWithCallback.builder().name("sightline_storage_partitions")
                .help("Time partitions of the embedded store")
                .callback(callback -> callback.call(stats.get().partitions().size())).register(registry);
        GaugeWithCallback.builder().name("sightline_storage_partition_bytes")
                .help("Bytes of one partition (files and memtables)").labelNames("partition")
                .callback(callback -> stats.get().partitions().forEach(p -> callback.call(p.bytes(), p.name())))
                .register(registry);
        GaugeWithCallback.builder().name("sightline_storage_partitions_bytes")
                .help("Bytes of all partitions (files and memtables)")
                .callback(callback -> callback.call(stats.get().totalBytes())).register(registry);
        GaugeWithCallback.builder().name("sightline_storage_oldest_partition_start_seconds")
                .help("Start of the oldest partition's span time range, Unix seconds; 0 when empty")
                .callback(callback -> callback.call(stats.get().oldestStartEpochNanos() / 1e9)).register(registry);
        GaugeWithCallback.builder().name("sightline_storage_compaction_pending_partitions")
                .help("Partitions with compaction work queued")
                .callback(callback -> callback.call(stats.get().partitions().stream().filter(StorageStats.PartitionStats::compactionPending).count()))
                .register(registry);
        CounterWithCallback.builder().name("sightline_storage_partitions_dropped")
                .help("Partitions retention dropped since start")
                .callback(callback -> callback.call(stats.get().droppedPartitions())).register(registry);
    }
}

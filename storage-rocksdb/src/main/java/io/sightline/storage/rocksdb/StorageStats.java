package io.sightline.storage.rocksdb;

import java.util.List;

/**
 * What the embedded store holds, for its self-metrics.
 *
 * @param partitions every span partition, oldest first
 * @param droppedPartitions partitions retention dropped since the store was opened
 */
public record StorageStats(List<PartitionStats> partitions, long droppedPartitions) {

    /**
     * @param startEpochNanos start of the partition's span start-time range
     * @param bytes files on disk plus memtables, bytes
     * @param estimatedKeys RocksDB's estimate of the keys (spans and index entries) held
     * @param compactionPending whether RocksDB has compaction work queued for it
     */
    public record PartitionStats(String name, long startEpochNanos, long bytes, long estimatedKeys,
                                 boolean compactionPending) {}

    public long totalBytes() {
        return partitions.stream().mapToLong(PartitionStats::bytes).sum();
    }

    /** Start of the oldest partition's range, epoch ns; 0 when the store is empty. */
    public long oldestStartEpochNanos() {
        return partitions.isEmpty() ? 0 : partitions.get(0).startEpochNanos();
    }
}

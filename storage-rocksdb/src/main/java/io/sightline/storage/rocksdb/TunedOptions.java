package io.sightline.storage.rocksdb;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionOptionsUniversal;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.LRUCache;
import org.rocksdb.Priority;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The native option objects of one open store; they must outlive the database, so they are
 * closed after it. Memory is bounded: one block cache for every column family, and memtables
 * (one per partition) charged to that same cache.
 */
final class TunedOptions implements AutoCloseable {
    static final long BLOCK_CACHE_BYTES = 128L << 20;
    static final long MEMTABLES_BYTES = 64L << 20;
    /** Bounds the write-ahead log and so the replay time at start-up, whatever is stored. */
    static final long MAX_WAL_BYTES = 256L << 20;
    /**
     * Large blocks compress best (300,000 tracegen spans after a full compaction: 80.2 bytes per
     * span with 64 KB, 76.3 with 128 KB); a trace read decompresses one or two of them, well
     * under a millisecond.
     */
    static final int SPAN_BLOCK_BYTES = 128 << 10;
    static final int DICTIONARY_BYTES = 64 << 10;
    static final int LEVEL0_COMPACTION_TRIGGER = 8;
    /*
     * ZSTD's default level (3) everywhere, bottom included: level 6 at the bottom saves about 8%
     * more, but most merges write the bottom, so every one paid for it (measured with leveled
     * compaction, where a 10-million-span fill then stalled on level-0 files most of the time).
     */

    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;
    private final BloomFilter traceIdFilter;
    private final CompressionOptions spanCompression;
    private final CompactionOptionsUniversal universal;
    final DBOptions db;
    /** For partitions: keys start with the 16-byte trace ID, which the prefix bloom filter is built on. */
    final ColumnFamilyOptions spans;
    /** For {@code meta}, {@code catalog} and any column family of unknown purpose. */
    final ColumnFamilyOptions plain;
    final WriteOptions write;

    TunedOptions(boolean syncWrites) {
        this(syncWrites, null, false);
    }

    /**
     * @param partitionDirectory where the partitions' table files go, or null for the database directory
     * @param secondary for a read-only secondary instance, which must keep every table file open
     */
    TunedOptions(boolean syncWrites, java.nio.file.Path partitionDirectory, boolean secondary) {
        cache = new LRUCache(BLOCK_CACHE_BYTES);
        writeBuffers = new WriteBufferManager(MEMTABLES_BYTES, cache);
        traceIdFilter = new BloomFilter(10);
        db = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setWriteBufferManager(writeBuffers)
                .setMaxTotalWalSize(MAX_WAL_BYTES)
                .setKeepLogFileNum(5)
                .setMaxLogFileSize(16L << 20);
        if (!secondary) {
            // Compactions run at the lowest CPU priority (nice 19): they can wait for idle CPU,
            // while ingest, queries and start-up cannot. A restart otherwise resumed a merge of
            // most of a partition at once and took a core from the start-up (10 million spans
            // stored: 9.2 to 10.5 s to ready, against 7.0 to 7.1 s with this and 7.1 to 7.8 s
            // empty); under sustained load the rate was the same. Process-wide: RocksDB's default
            // environment is shared by every store in the process.
            Env.getDefault().lowerThreadPoolCPUPriority(Priority.LOW);
        } else {
            // RocksDB's requirement for a secondary: the primary may delete a file it still reads.
            db.setMaxOpenFiles(-1);
        }
        spanCompression = new CompressionOptions()
                .setMaxDictBytes(DICTIONARY_BYTES)
                // 0: the sampled blocks themselves are the dictionary. Training one per table file
                // cost about 3 µs of flush and compaction time per span and saved nothing once
                // resources moved out of the spans (1 million tracegen spans: 72.4 and 72.3 B/span).
                .setZStdMaxTrainBytes(0)
                .setEnabled(true);
        universal = new CompactionOptionsUniversal()
                // RocksDB's defaults, spelled out: merge runs of about the same size, and merge
                // everything once the newer runs hold twice the oldest one's bytes.
                .setSizeRatio(1)
                .setMinMergeWidth(2)
                .setMaxSizeAmplificationPercent(200);
        spans = new ColumnFamilyOptions()
                .useFixedLengthPrefixExtractor(SpanKeys.TRACE_PREFIX_BYTES)
                .setMemtablePrefixBloomSizeRatio(0.05)
                .setWriteBufferSize(32L << 20)
                // Universal compaction: nothing in a partition is overwritten or deleted (expiry
                // drops whole partitions), so compaction reclaims nothing and only bounds the
                // sorted runs a read looks into. Leveled compaction rewrote the partition again
                // and again, since random trace IDs make every new file overlap all of the next
                // level. Sustained OTLP load, back to back (docs/benchmarks.md): 102,576 against
                // 87,531 spans/s, 15.2 against 18.1 µs of server CPU per span.
                .setCompactionStyle(CompactionStyle.UNIVERSAL)
                .setCompactionOptionsUniversal(universal)
                // The trigger counts sorted runs here. Twice RocksDB's default (4), kept from
                // leveled compaction where it was measured; trace reads stay cheap across the
                // runs thanks to their bloom filters (docs/benchmarks.md, 10 million spans).
                .setLevel0FileNumCompactionTrigger(LEVEL0_COMPACTION_TRIGGER)
                .setLevel0SlowdownWritesTrigger(LEVEL0_COMPACTION_TRIGGER * 3)
                .setLevel0StopWritesTrigger(LEVEL0_COMPACTION_TRIGGER * 5)
                // Bytes per span are the store's main cost: ZSTD with a trained dictionary on every
                // level, over blocks large enough to hold a trace's spans and their repeated
                // resource, service and attribute names (LZ4 on 16 KB blocks: about twice the size).
                .setCompressionType(CompressionType.ZSTD_COMPRESSION)
                .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
                .setCompressionOptions(spanCompression)
                .setBottommostCompressionOptions(spanCompression)
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setBlockCache(cache)
                        .setBlockSize(SPAN_BLOCK_BYTES)
                        .setFilterPolicy(traceIdFilter)
                        .setWholeKeyFiltering(false)
                        .setCacheIndexAndFilterBlocks(true)
                        .setPinL0FilterAndIndexBlocksInCache(true));
        if (partitionDirectory != null) {
            // One path: every table file of every partition goes there, whatever its size.
            spans.setCfPaths(java.util.List.of(new org.rocksdb.DbPath(partitionDirectory, Long.MAX_VALUE)));
        }
        plain = new ColumnFamilyOptions()
                .setWriteBufferSize(4L << 20)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
        write = new WriteOptions().setSync(syncWrites);
    }

    @Override
    public void close() {
        write.close();
        plain.close();
        spans.close();
        universal.close();
        spanCompression.close();
        db.close();
        traceIdFilter.close();
        writeBuffers.close();
        cache.close();
    }
}

package io.sightline.storage.rocksdb;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
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

    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;
    private final BloomFilter traceIdFilter;
    final DBOptions db;
    /** For partitions: keys start with the 16-byte trace ID, which the prefix bloom filter is built on. */
    final ColumnFamilyOptions spans;
    /** For {@code meta}, {@code catalog} and any column family of unknown purpose. */
    final ColumnFamilyOptions plain;
    final WriteOptions write;

    TunedOptions(boolean syncWrites) {
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
        spans = new ColumnFamilyOptions()
                .useFixedLengthPrefixExtractor(SpanKeys.TRACE_PREFIX_BYTES)
                .setMemtablePrefixBloomSizeRatio(0.05)
                .setWriteBufferSize(32L << 20)
                // A trace's spans sit together and repeat their resource: compression recovers most of it.
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setBlockCache(cache)
                        .setBlockSize(16 << 10)
                        .setFilterPolicy(traceIdFilter)
                        .setWholeKeyFiltering(false)
                        .setCacheIndexAndFilterBlocks(true)
                        .setPinL0FilterAndIndexBlocksInCache(true));
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
        db.close();
        traceIdFilter.close();
        writeBuffers.close();
        cache.close();
    }
}

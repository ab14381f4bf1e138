package io.sightline.storage.rocksdb;

import io.sightline.core.model.HexIds;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.DependencyLink;
import io.sightline.core.storage.DependencyReader;
import io.sightline.core.storage.HealthStatus;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.ServiceCatalog;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.StorageException;
import io.sightline.core.storage.TraceQuery;
import io.sightline.core.storage.TraceReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store, on RocksDB. Column families:
 * <ul>
 *   <li>{@code spans-<yyyyMMdd'T'HHmm>}: one per period of span start time ({@link Partitions}),
 *       trace pieces (key {@link SpanKeys}, value {@link TracePieces} of {@link SpanCodec} bodies),
 *       the resources and scopes they name ({@link StoredSources}) and the search index entries
 *       of those same spans ({@link IndexKeys}), so that a partition expires with all of them;
 *   <li>{@code catalog}: services and operations ({@link Catalog}), also held in memory;
 *   <li>{@code meta}: the layout version and the time range of each partition ({@link Partition}).
 * </ul>
 * With a separate value directory ({@link RocksDbStorageOptions#valueDirectory()}), the
 * partitions' table files are written there (RocksDB {@code cf_paths}); the manifest, write-ahead
 * log, {@code meta} and {@code catalog} stay in the data directory.
 * One {@link #write} is one atomic write batch (spans, catalogue and partition records
 * together), fsync'd before it returns in the default mode. Reads see a snapshot, so a batch is
 * seen whole or not at all (read-only: the state moves only while no read runs). Thread-safe:
 * any number of writers and readers at once.
 */
public final class RocksDbStorage implements StorageComponent, SpanWriter, TraceReader, ServiceCatalog,
        DependencyReader {
    /**
     * Layout 1 was the pre-release one (IDs repeated in values, no partition records); layout 2
     * had no search index, so its spans could never be found by a search; layout 3 had one
     * index entry per span and head, which layout 4's postings (one item per trace and head)
     * cannot read; layout 4 had one posting per span tag value, layout 5 one per tag key
     * ({@link TagColumns}).
     */
    static final String LAYOUT_VERSION = "5";
    /**
     * In {@code meta}: the number of the last batch written, fixed64; batch numbers name the
     * index postings' trace lists (see {@link IndexKeys}), so none may come back after a restart.
     */
    static final byte[] LAST_BATCH_KEY = "last-batch".getBytes(StandardCharsets.UTF_8);
    /**
     * Concurrent writes may commit their batch numbers out of order, so the recorded last one
     * can trail the highest used by up to the number of writes in flight; a restart skips this
     * many to be clear of them all.
     */
    private static final long BATCH_NUMBERS_SKIPPED_AT_OPEN = 1L << 20;
    static final byte[] LAYOUT_VERSION_KEY = "layout-version".getBytes(StandardCharsets.UTF_8);
    static final String META = "meta";
    static final String CATALOG = "catalog";

    private static final Logger logger = LoggerFactory.getLogger(RocksDbStorage.class);

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    /** Where the partitions' table files go: {@link #directory} unless a separate one was given. */
    private final Path valueDirectory;
    /** The temporary directory of an ephemeral store, deleted at close; null otherwise. */
    private final Path ephemeralRoot;
    /** A read-only store's own directory (RocksDB's secondary path: its info log); null otherwise. */
    private final Path secondaryRoot;
    private final boolean readOnly;
    private final TunedOptions tuned;
    // The database and its column families: replaced as a whole (under the write side of
    // lifecycle) when a read-only store reopens to follow partitions the primary made or dropped.
    private RocksDB db;
    /** Every handle RocksDB gave at open, closed before the database. */
    private List<ColumnFamilyHandle> openedHandles = List.of();
    private ColumnFamilyHandle metaFamily;
    private ColumnFamilyHandle catalogFamily;
    /** Column families that are neither partitions nor ours, including {@code default}: only checked to be empty. */
    private List<ColumnFamilyHandle> otherFamilies = new ArrayList<>();
    private Partitions partitions;
    private volatile Catalog catalog = new Catalog();
    /** Held from computing a batch's catalogue entries to applying them, so that a last-seen time never goes back. */
    private final Object catalogWrites = new Object();
    private final RocksDbStorageOptions options;
    private final EpochClock clock;
    /** Handles of partitions retention dropped: already closed, never flushed or closed again. */
    private final java.util.Set<ColumnFamilyHandle> droppedHandles =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    private final EncodedHeads encodedHeads = new EncodedHeads();
    private final StoredSources sources = new StoredSources();
    private final SourceIndexes sourceIndexes = new SourceIndexes();
    private final java.util.concurrent.atomic.AtomicLong lastBatchNumber = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong droppedPartitionCount = new java.util.concurrent.atomic.AtomicLong();
    private java.util.concurrent.ScheduledExecutorService retentionScheduler;
    private java.util.concurrent.ScheduledExecutorService catchUpScheduler;
    private int secondaryGeneration;
    /** The secondary path of the open database (read-only mode), deleted once it is replaced. */
    private Path secondaryPath;
    /**
     * Partition records in {@code meta} with no column family: left by a retention run that
     * stopped between the drop and the record's removal. Ignored when following the primary, so
     * that they do not make every catch-up reopen the store.
     */
    private volatile java.util.Set<String> orphanRecords = java.util.Set.of();
    /** Every call holds the read side; close takes the write side, so no call ever uses a freed handle. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private RocksDbStorage(Path directory, Path valueDirectory, Path ephemeralRoot, Path secondaryRoot,
            RocksDbStorageOptions options, TunedOptions tuned) {
        this.directory = directory;
        this.valueDirectory = valueDirectory;
        this.ephemeralRoot = ephemeralRoot;
        this.secondaryRoot = secondaryRoot;
        this.readOnly = options.readOnly();
        this.tuned = tuned;
        this.options = options;
        this.clock = options.clock();
    }

    /** Takes over an opened database: sorts its handles into ours, the partitions and the others. */
    private void adopt(Opened opened) {
        this.db = opened.db();
        this.secondaryPath = opened.secondaryPath();
        this.openedHandles = List.copyOf(opened.handles());
        this.partitions = new Partitions(db, tuned.spans, options.partitionDuration());
        this.otherFamilies = new ArrayList<>();
        ColumnFamilyHandle meta = null;
        ColumnFamilyHandle catalogHandle = null;
        for (int i = 0; i < opened.descriptors().size(); i++) {
            String name = new String(opened.descriptors().get(i).getName(), StandardCharsets.UTF_8);
            ColumnFamilyHandle handle = opened.handles().get(i);
            if (name.equals(META)) {
                meta = handle;
            } else if (name.equals(CATALOG)) {
                catalogHandle = handle;
            } else if (Partitions.isPartitionName(name)) {
                partitions.addExisting(name, handle);
            } else {
                otherFamilies.add(handle);
            }
        }
        this.metaFamily = meta;
        this.catalogFamily = catalogHandle;
    }

    private record Opened(RocksDB db, List<ColumnFamilyDescriptor> descriptors, List<ColumnFamilyHandle> handles,
            Path secondaryPath) {}

    /**
     * Opens the store in {@code options.dataDirectory()} (and {@code options.valueDirectory()}),
     * creating the directories and the store when missing; or, ephemeral, in a new temporary
     * directory; or, read-only, as a follower of the process that owns the store. Never deletes
     * or rewrites existing data.
     *
     * @throws RocksDbOpenException with one line naming the directory and the problem: not a
     *     directory or not writable, locked by another process, damaged or corrupted, not a
     *     Sightline store, or of a layout version this build does not read; in read-only mode,
     *     no store there yet
     */
    public static RocksDbStorage open(RocksDbStorageOptions options) {
        Objects.requireNonNull(options, "options");
        Path ephemeralRoot = options.ephemeral() ? StoreDirectory.createTemporary("sightline-ephemeral-") : null;
        Path directory = ephemeralRoot != null ? ephemeralRoot : options.dataDirectory().toAbsolutePath().normalize();
        Path valueDirectory = ephemeralRoot != null ? ephemeralRoot
                : options.valueDirectory().toAbsolutePath().normalize();
        Path secondaryRoot = null;
        TunedOptions tuned;
        try {
            if (options.readOnly()) {
                StoreDirectory.requireStore(directory);
                secondaryRoot = StoreDirectory.createTemporary("sightline-read-only-");
            } else {
                StoreDirectory.prepare(directory);
                if (!valueDirectory.equals(directory)) {
                    StoreDirectory.prepareValueDirectory(valueDirectory, directory);
                }
            }
            tuned = new TunedOptions(options.syncWrites(), valueDirectory.equals(directory) ? null : valueDirectory,
                    options.readOnly());
        } catch (RuntimeException e) {
            StoreDirectory.deleteTemporary(ephemeralRoot);
            StoreDirectory.deleteTemporary(secondaryRoot);
            throw e;
        }
        RocksDbStorage storage = new RocksDbStorage(directory, valueDirectory, ephemeralRoot, secondaryRoot, options, tuned);
        try {
            storage.adopt(storage.openDatabase());
            storage.checkLayout();
            storage.load();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        if (options.readOnly()) {
            storage.scheduleCatchUp();
        } else {
            storage.scheduleRetention();
        }
        if (ephemeralRoot != null) {
            logger.info("Ephemeral storage in {}: deleted at shutdown, nothing is kept across restarts", ephemeralRoot);
        }
        return storage;
    }

    private Opened openDatabase() {
        List<byte[]> existing = StoreDirectory.columnFamilies(directory);
        List<ColumnFamilyDescriptor> descriptors = descriptors(existing, tuned);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB opened;
            if (readOnly) {
                // Each reopening gets its own secondary path, so that the one being replaced keeps its own.
                Path path = secondaryRoot.resolve("generation-" + (++secondaryGeneration));
                opened = RocksDB.openAsSecondary(tuned.db, directory.toString(), path.toString(), descriptors, handles);
                return new Opened(opened, descriptors, handles, path);
            }
            opened = RocksDB.open(tuned.db, directory.toString(), descriptors, handles);
            return new Opened(opened, descriptors, handles, null);
        } catch (RocksDBException e) {
            throw StoreDirectory.openFailure(directory, e);
        }
    }

    /** RocksDB must be given every column family the store has; ours first, in a fixed order. */
    private static List<ColumnFamilyDescriptor> descriptors(List<byte[]> existing, TunedOptions tuned) {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, tuned.plain));
        descriptors.add(new ColumnFamilyDescriptor(META.getBytes(StandardCharsets.UTF_8), tuned.plain));
        descriptors.add(new ColumnFamilyDescriptor(CATALOG.getBytes(StandardCharsets.UTF_8), tuned.plain));
        for (byte[] name : existing) {
            String text = new String(name, StandardCharsets.UTF_8);
            if (text.equals(META) || text.equals(CATALOG)
                    || text.equals(new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8))) {
                continue;
            }
            descriptors.add(new ColumnFamilyDescriptor(name, Partitions.isPartitionName(text) ? tuned.spans : tuned.plain));
        }
        return descriptors;
    }

    private void checkLayout() {
        try {
            byte[] stored = db.get(metaFamily, LAYOUT_VERSION_KEY);
            if (stored == null) {
                if (readOnly) {
                    throw new RocksDbOpenException(directory, "there is no Sightline store to open read-only"
                            + " (no layout version); start the process that owns the store first", null);
                }
                List<String> withData = familiesWithData();
                if (!withData.isEmpty()) {
                    throw new RocksDbOpenException(directory, "it holds a RocksDB database that is not a Sightline store"
                            + " (no layout version, data in " + withData + "; no data was changed)", null);
                }
                db.put(metaFamily, tuned.write, LAYOUT_VERSION_KEY, LAYOUT_VERSION.getBytes(StandardCharsets.UTF_8));
                return;
            }
            String version = new String(stored, StandardCharsets.UTF_8);
            if (!version.equals(LAYOUT_VERSION)) {
                throw new RocksDbOpenException(directory, "the store has layout version " + version
                        + " but this build reads layout version " + LAYOUT_VERSION
                        + " (nothing was changed; use a matching Sightline version or move the directory away)", null);
            }
        } catch (RocksDBException e) {
            throw StoreDirectory.openFailure(directory, e);
        }
    }

    private List<String> familiesWithData() throws RocksDBException {
        List<String> out = new ArrayList<>();
        List<ColumnFamilyHandle> candidates = new ArrayList<>(otherFamilies);
        candidates.add(catalogFamily);
        for (Partition partition : partitions.all()) {
            candidates.add(partition.handle());
        }
        for (ColumnFamilyHandle handle : candidates) {
            try (RocksIterator it = db.newIterator(handle)) {
                it.seekToFirst();
                if (it.isValid()) {
                    out.add(new String(handle.getName(), StandardCharsets.UTF_8));
                }
                it.status();
            }
        }
        return out;
    }

    /**
     * Fills the partition ranges and the in-memory catalogue, dropping catalogue entries whose
     * partitions are all gone; proportional to names and partitions, not spans.
     */
    private void load() {
        java.util.Set<String> orphans = new java.util.HashSet<>();
        try (RocksIterator it = db.newIterator(metaFamily)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (java.util.Arrays.equals(it.key(), LAST_BATCH_KEY) && it.value().length == 8) {
                    long recorded = HexIds.readLong(it.value(), 0);
                    lastBatchNumber.accumulateAndGet(recorded + BATCH_NUMBERS_SKIPPED_AT_OPEN, Math::max);
                    continue;
                }
                String partition = Partition.recordedName(it.key());
                if (partition != null && !partitions.loadRecord(partition, it.value())) {
                    orphans.add(partition);
                }
            }
            it.status();
            orphanRecords = java.util.Set.copyOf(orphans);
        } catch (RocksDBException e) {
            throw StoreDirectory.openFailure(directory, e);
        }
        long newestStart = Long.MIN_VALUE;
        for (Partition partition : partitions.all()) {
            newestStart = Math.max(newestStart, partition.startEpochNanos());
        }
        Catalog loaded = new Catalog();
        try (RocksIterator it = db.newIterator(catalogFamily)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (!loaded.load(it.key(), it.value(), newestStart)) {
                    logger.warn("Ignoring unknown catalogue key in {}", directory);
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw StoreDirectory.openFailure(directory, e);
        }
        List<byte[]> expired = loaded.prune(oldestLiveStartEpochNanos());
        catalog = loaded;
        if (!readOnly) {
            // Left by a retention run that stopped between dropping a partition and this.
            deleteCatalogEntries(expired);
        }
    }

    /** Start of the oldest partition, or {@link Long#MAX_VALUE} when there is none: older catalogue entries name no span. */
    private long oldestLiveStartEpochNanos() {
        long oldest = Long.MAX_VALUE;
        for (Partition partition : partitions.all()) {
            oldest = Math.min(oldest, partition.startEpochNanos());
        }
        return oldest;
    }

    private void deleteCatalogEntries(List<byte[]> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (byte[] key : keys) {
                batch.delete(catalogFamily, key);
            }
            db.write(tuned.write, batch);
        } catch (RocksDBException e) {
            // Memory no longer lists them; the next open prunes the stored keys again.
            logger.warn("Removing {} expired catalogue entries from {} failed: {}", keys.size(), directory, e.getMessage());
        }
    }

    @Override
    public void write(List<Span> spans) {
        Objects.requireNonNull(spans, "spans");
        if (spans.isEmpty()) {
            return;
        }
        for (Span span : spans) {
            if (span.traceId().isZero()) {
                // The zero trace ID is where the search index lives (IndexKeys); receivers refuse it too.
                throw new IllegalArgumentException("span " + HexIds.toHex16(span.spanId())
                        + " has the all-zero trace ID (expected: a non-zero trace ID); nothing of the batch was written");
            }
        }
        if (readOnly) {
            throw new StorageException("write of " + spans.size() + " spans refused: the storage in " + directory
                    + " is open read-only (this process only queries; send spans to the process that owns the store)");
        }
        lifecycle.readLock().lock();
        try (WriteBatch batch = new WriteBatch()) {
            ensureOpen();
            long batchNumber = nextBatchNumber();
            SpanIndexer indexer = new SpanIndexer(batch, batchNumber, encodedHeads, sourceIndexes);
            BatchSources batchSources = new BatchSources(batch, sources);
            BatchPieces pieces = new BatchPieces();
            List<Partition> unrecorded = new ArrayList<>(1);
            long[] partitionStarts = new long[spans.size()];
            long nowEpochNanos = clock.nowEpochNanos();
            Catalog current = catalog;
            Catalog.Additions names = current.newAdditions();
            for (int i = 0; i < spans.size(); i++) {
                Span span = spans.get(i);
                Partition partition = partitions.forStart(span.startEpochNanos());
                if (partition.needsRecord(nowEpochNanos) && !unrecorded.contains(partition)) {
                    unrecorded.add(partition);
                    batch.put(metaFamily, partition.recordKey(), partition.recordValue(nowEpochNanos));
                }
                StoredSources.Id source = batchSources.into(partition, span);
                pieces.add(partition, span, source);
                indexer.add(partition, span, source);
                partitionStarts[i] = partition.startEpochNanos();
                names.add(span, partitionStarts[i]);
            }
            pieces.writeTo(batch, batchNumber);
            indexer.finish();
            byte[] lastBatch = new byte[8];
            HexIds.writeLong(lastBatch, 0, batchNumber);
            batch.put(metaFamily, LAST_BATCH_KEY, lastBatch);
            if (names.isEmpty()) {
                db.write(tuned.write, batch);
            } else {
                synchronized (catalogWrites) {
                    // Again, alone: a concurrent batch may have moved these entries further meanwhile.
                    Catalog.Additions fresh = current.newAdditions();
                    for (int i = 0; i < spans.size(); i++) {
                        fresh.add(spans.get(i), partitionStarts[i]);
                    }
                    fresh.forEachEntry((key, value) -> {
                        try {
                            batch.put(catalogFamily, key, value);
                        } catch (RocksDBException e) {
                            throw new StorageException("catalogue entry of the batch: " + e.getMessage(), e);
                        }
                    });
                    db.write(tuned.write, batch);
                    // Only once the batch is durable, so that memory never names what is not stored.
                    fresh.applyToMemory();
                }
            }
            unrecorded.forEach(partition -> partition.markRecorded(nowEpochNanos));
            batchSources.committed();
            indexer.committed();
        } catch (RocksDBException e) {
            throw new StorageException("write of " + spans.size() + " spans to the storage in " + directory
                    + " failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Counted up, and past every number used before a restart: see {@link #LAST_BATCH_KEY}. */
    private long nextBatchNumber() {
        return lastBatchNumber.incrementAndGet();
    }

    @Override
    public Optional<Trace> getTrace(TraceId traceId) {
        Objects.requireNonNull(traceId, "traceId");
        if (traceId.isZero()) {
            return Optional.empty();
        }
        List<Span> spans = new ArrayList<>();
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            Snapshot snapshot = takeSnapshot();
            try (ReadOptions read = new ReadOptions().setPrefixSameAsStart(true).setSnapshot(snapshot)) {
                for (Partition partition : partitions.all()) {
                    readTrace(partition, read, traceId, spans);
                }
            } finally {
                releaseSnapshot(snapshot);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
        if (spans.isEmpty()) {
            return Optional.empty();
        }
        spans.sort(Trace.STORAGE_ORDER);
        return Optional.of(new Trace(traceId, spans));
    }

    private void readTrace(Partition partition, ReadOptions read, TraceId traceId, List<Span> out) {
        try {
            LatestCopies copies = LatestCopies.read(db, partition, read, traceId);
            out.addAll(copies.decodeAll(sourcesOf(partition, read)));
        } catch (StorageException e) {
            throw new StorageException("reading the store in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The sources of {@code partition}, read with {@code read}. */
    private SpanCodec.SourceLookup sourcesOf(Partition partition, ReadOptions read) {
        RocksDB reading = db;
        return id -> sources.resolve(reading, partition.handle(), read, id, partition.name());
    }

    @Override
    public List<String> getServices() {
        return catalog.services();
    }

    @Override
    public List<Operation> getOperations(String service, SpanKind spanKind) {
        Objects.requireNonNull(service, "service");
        return catalog.operations(service, spanKind);
    }

    private void scheduleRetention() {
        if (options.retention().isZero()) {
            return;
        }
        long intervalMs = options.retentionCheckInterval().toMillis();
        retentionScheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sightline-retention");
            thread.setDaemon(true);
            return thread;
        });
        retentionScheduler.scheduleWithFixedDelay(() -> {
            try {
                expire(clock.nowEpochNanos());
            } catch (RuntimeException e) {
                logger.warn("Retention in {} failed, will try again: {}", directory, e.toString());
            }
        }, intervalMs, intervalMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Drops every partition whose spans all started, and which was last written, more than the
     * retention period before {@code nowEpochNanos}: its column family goes, and with it its
     * files, so the disk comes back at once, with no compaction to wait for.
     *
     * @return the names of the partitions dropped
     */
    public List<String> expire(long nowEpochNanos) {
        if (options.retention().isZero() || readOnly) {
            return List.of();
        }
        long cutoff = nowEpochNanos - options.retention().toNanos();
        List<Partition> expired = new ArrayList<>();
        for (Partition partition : partitions.all()) {
            if (partition.expiredAt(cutoff)) {
                expired.add(partition);
            }
        }
        if (expired.isEmpty()) {
            return List.of();
        }
        List<String> dropped = new ArrayList<>();
        // The write side: no read or write is using a handle while it is dropped and freed.
        lifecycle.writeLock().lock();
        try {
            ensureOpen();
            for (Partition partition : expired) {
                try {
                    db.dropColumnFamily(partition.handle());
                    db.delete(metaFamily, tuned.write, partition.recordKey());
                } catch (RocksDBException e) {
                    throw new StorageException("retention could not drop partition " + partition + " of " + directory
                            + ": " + e.getMessage(), e);
                }
                partitions.remove(partition);
                droppedHandles.add(partition.handle());
                partition.handle().close();
                droppedPartitionCount.incrementAndGet();
                dropped.add(partition.name());
                logger.info("Retention dropped partition {} of {} (spans started before {}, older than {})",
                        partition, directory, java.time.Instant.ofEpochSecond(0, partition.endEpochNanos()),
                        options.retention());
            }
            // No write runs now, so no batch is moving an entry's last-seen time meanwhile.
            deleteCatalogEntries(catalog.prune(oldestLiveStartEpochNanos()));
        } finally {
            lifecycle.writeLock().unlock();
        }
        return dropped;
    }

    /**
     * Writes a consistent snapshot of the whole store into {@code target} (which must not exist)
     * while writes go on: every write acknowledged before the call is in it. Files are hard
     * links where the file system allows, so it is fast and small until the store moves on.
     * Open the snapshot's directory as a data directory (after copying it) to restore. With a
     * separate value directory, writes pause while the memtables are flushed, and the value
     * directory's files are in the snapshot's {@value SplitSnapshot#VALUES} subdirectory (see
     * {@link SplitSnapshot}).
     *
     * @throws StorageException in read-only mode, or when the snapshot cannot be written
     */
    public void checkpoint(Path target) {
        Objects.requireNonNull(target, "target");
        if (readOnly) {
            throw new StorageException("snapshot of the storage in " + directory + " refused: it is open read-only;"
                    + " take snapshots in the process that owns the store");
        }
        if (!valueDirectory.equals(directory)) {
            splitCheckpoint(target.toAbsolutePath().normalize());
            return;
        }
        lifecycle.readLock().lock();
        try (org.rocksdb.Checkpoint checkpoint = org.rocksdb.Checkpoint.create(db)) {
            ensureOpen();
            checkpoint.createCheckpoint(target.toAbsolutePath().normalize().toString());
        } catch (RocksDBException e) {
            throw new StorageException("snapshot of the storage in " + directory + " into " + target + " failed: "
                    + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * RocksDB's checkpoint refuses column families with their own paths, so with a separate value
     * directory the snapshot is taken here: writes pause while every memtable is flushed and the
     * list of live files is taken (so the files hold whole batches and need no write-ahead log),
     * then the files are linked or copied while RocksDB is kept from deleting any of them. See
     * {@link SplitSnapshot} for the snapshot's layout.
     */
    private void splitCheckpoint(Path target) {
        RocksDB.LiveFiles live;
        lifecycle.writeLock().lock();
        boolean deletionsDisabled = false;
        try {
            ensureOpen();
            db.disableFileDeletions();
            deletionsDisabled = true;
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush, liveHandles());
            }
            live = db.getLiveFiles(false);
            // Downgrade: close() must wait until file deletions are enabled again.
            lifecycle.readLock().lock();
        } catch (RocksDBException e) {
            enableFileDeletions(deletionsDisabled);
            throw new StorageException("snapshot of the storage in " + directory + " into " + target + " failed: "
                    + e.getMessage(), e);
        } finally {
            lifecycle.writeLock().unlock();
        }
        try {
            SplitSnapshot.write(live, directory, valueDirectory, target);
        } finally {
            enableFileDeletions(true);
            lifecycle.readLock().unlock();
        }
    }

    private void enableFileDeletions(boolean disabled) {
        if (!disabled) {
            return;
        }
        try {
            db.enableFileDeletions();
        } catch (RocksDBException e) {
            logger.warn("Re-enabling file deletions in {} failed; obsolete files are kept until restart: {}",
                    directory, e.getMessage());
        }
    }

    /**
     * A snapshot for one read, or null for a read-only store: a RocksDB secondary has none, but
     * its state only moves in {@link #catchUpWithPrimary}, which excludes every read.
     */
    private Snapshot takeSnapshot() {
        return readOnly ? null : db.getSnapshot();
    }

    private void releaseSnapshot(Snapshot snapshot) {
        if (snapshot != null) {
            db.releaseSnapshot(snapshot);
        }
    }

    /** Every open column family handle: ours, the partitions made since open, none that retention dropped. */
    private List<ColumnFamilyHandle> liveHandles() {
        List<ColumnFamilyHandle> handles = new ArrayList<>(partitions.createdHandles());
        handles.addAll(openedHandles);
        handles.removeIf(droppedHandles::contains);
        return handles;
    }

    private void scheduleCatchUp() {
        long intervalMs = options.catchUpInterval().toMillis();
        catchUpScheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sightline-read-only-catch-up");
            thread.setDaemon(true);
            return thread;
        });
        catchUpScheduler.scheduleWithFixedDelay(() -> {
            try {
                catchUpWithPrimary();
            } catch (RuntimeException e) {
                logger.warn("Following the store in {} failed, will try again: {}", directory, e.toString());
            }
        }, intervalMs, intervalMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Read-only mode: makes what the primary wrote since the last call visible (also run every
     * {@link RocksDbStorageOptions#catchUpInterval()}). New writes are picked up in place; when the
     * primary made or dropped a partition, the store is reopened, since a RocksDB secondary only
     * knows the column families it was opened with. Reads wait while it runs, so each sees the
     * state before or after it, whole.
     *
     * @throws IllegalStateException when the store is not read-only
     */
    public synchronized void catchUpWithPrimary() {
        if (!readOnly) {
            throw new IllegalStateException("catchUpWithPrimary: the storage in " + directory + " is not read-only");
        }
        boolean reopen;
        // The write side: reads have no snapshot here, so none may see half of a catch-up.
        lifecycle.writeLock().lock();
        try {
            ensureOpen();
            db.tryCatchUpWithPrimary();
            reopen = partitionsChanged();
            if (!reopen) {
                load();
            }
        } catch (RocksDBException e) {
            throw new StorageException("catching up with the primary of " + directory + " failed: " + e.getMessage(), e);
        } finally {
            lifecycle.writeLock().unlock();
        }
        if (reopen) {
            reopenSecondary();
        }
    }

    /** Whether the primary's partition records name a partition this instance has not opened, or no longer name one it has. */
    private boolean partitionsChanged() throws RocksDBException {
        java.util.Set<String> recorded = new java.util.HashSet<>();
        try (RocksIterator it = db.newIterator(metaFamily)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                String name = Partition.recordedName(it.key());
                if (name != null && !orphanRecords.contains(name)) {
                    recorded.add(name);
                }
            }
            it.status();
        }
        java.util.Set<String> opened = new java.util.HashSet<>();
        for (Partition partition : partitions.all()) {
            opened.add(partition.name());
            if (partition.recorded() && !recorded.contains(partition.name())) {
                return true;
            }
        }
        return !opened.containsAll(recorded);
    }

    private void reopenSecondary() {
        Opened fresh = openDatabase();
        List<ColumnFamilyHandle> oldHandles;
        RocksDB old;
        Path oldPath;
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                fresh.handles().forEach(ColumnFamilyHandle::close);
                fresh.db().close();
                return;
            }
            oldHandles = openedHandles;
            old = db;
            oldPath = secondaryPath;
            adopt(fresh);
            load();
            oldHandles.forEach(ColumnFamilyHandle::close);
            old.close();
            deleteQuietly(oldPath);
        } finally {
            lifecycle.writeLock().unlock();
        }
        logger.info("Read-only storage of {} reopened to follow the primary's partitions: {}", directory,
                partitions.sorted());
    }

    /** Sizes and ages for the storage self-metrics; cheap (RocksDB properties, no scan). */
    public StorageStats stats() {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            List<StorageStats.PartitionStats> out = new ArrayList<>();
            for (Partition partition : partitions.sorted()) {
                out.add(new StorageStats.PartitionStats(partition.name(), partition.startEpochNanos(),
                        longProperty(partition.handle(), "rocksdb.total-sst-files-size")
                                + longProperty(partition.handle(), "rocksdb.size-all-mem-tables"),
                        longProperty(partition.handle(), "rocksdb.estimate-num-keys"),
                        longProperty(partition.handle(), "rocksdb.compaction-pending") > 0));
            }
            return new StorageStats(out, droppedPartitionCount.get());
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private long longProperty(ColumnFamilyHandle handle, String property) {
        try {
            return db.getLongProperty(handle, property);
        } catch (RocksDBException e) {
            return 0;
        }
    }

    /** Where the store lives (the temporary directory of an ephemeral one). */
    public Path directory() {
        return directory;
    }

    /** Where the partitions' table files are: {@link #directory()} unless a separate one was given. */
    public Path valueDirectory() {
        return valueDirectory;
    }

    /** How many times a read-only store has opened the database: 1, plus one per reopening (tests). */
    synchronized int openings() {
        return secondaryGeneration;
    }

    /** The span partitions, oldest first. */
    List<Partition> partitions() {
        return partitions.sorted();
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException("the storage in " + directory + " is closed");
        }
    }

    @Override
    public SpanWriter spanWriter() {
        return this;
    }

    @Override
    public TraceReader traceReader() {
        return this;
    }

    /** Served from the search index; see {@link TraceSearch}. */
    @Override
    public List<TraceId> findTraceIds(TraceQuery query) {
        Objects.requireNonNull(query, "query");
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            Snapshot snapshot = takeSnapshot();
            try (ReadOptions read = new ReadOptions().setPrefixSameAsStart(true).setSnapshot(snapshot)) {
                return new TraceSearch(db, read, query, sources).run(partitions.sorted());
            } finally {
                releaseSnapshot(snapshot);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Read from the spans of the window's partitions; see {@link DependencyScan} for the cost. */
    @Override
    public List<DependencyLink> getDependencies(long endEpochMicros, long lookbackMicros) {
        if (lookbackMicros <= 0) {
            throw new IllegalArgumentException("lookbackMicros: " + lookbackMicros + " (expected: > 0)");
        }
        long startMicros = endEpochMicros - lookbackMicros;
        if (startMicros > endEpochMicros) {
            startMicros = Long.MIN_VALUE;
        }
        long windowStartNanos = TraceSearch.toNanosSaturated(startMicros);
        long windowEndNanos = TraceSearch.toNanosSaturated(endEpochMicros);
        windowEndNanos = windowEndNanos > Long.MAX_VALUE - 999 ? Long.MAX_VALUE : windowEndNanos + 999;
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            Snapshot snapshot = takeSnapshot();
            try {
                return new DependencyScan(db, sources, snapshot, partitions.sorted(), startMicros, endEpochMicros)
                        .run(windowStartNanos, windowEndNanos);
            } finally {
                releaseSnapshot(snapshot);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public DependencyReader dependencyReader() {
        return this;
    }

    @Override
    public ServiceCatalog serviceCatalog() {
        return this;
    }

    @Override
    public HealthStatus check() {
        lifecycle.readLock().lock();
        try {
            return closed ? HealthStatus.unhealthy("the storage in " + directory + " is closed") : HealthStatus.OK;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Waits for running calls, flushes the memtables (so the next start has no log to replay),
     * then releases the column families, the database and the native options, in that order.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (retentionScheduler != null) {
                retentionScheduler.shutdownNow();
            }
            if (catchUpScheduler != null) {
                catchUpScheduler.shutdownNow();
            }
            if (db != null) {
                List<ColumnFamilyHandle> handles = liveHandles();
                if (!readOnly) {
                    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                        db.flush(flush, handles);
                    } catch (RocksDBException e) {
                        // Nothing is lost: every write is in the write-ahead log, replayed at the next open.
                        logger.warn("Flushing the storage in {} at close failed: {}", directory, e.getMessage());
                    }
                }
                handles.forEach(ColumnFamilyHandle::close);
                try {
                    db.closeE();
                } catch (RocksDBException e) {
                    logger.warn("Closing the storage in {} failed: {}", directory, e.getMessage());
                }
            }
            tuned.close();
            deleteQuietly(secondaryRoot);
            deleteQuietly(ephemeralRoot);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void deleteQuietly(Path temporary) {
        try {
            StoreDirectory.deleteTemporary(temporary);
        } catch (RuntimeException e) {
            logger.warn("{}", e.getMessage());
        }
    }
}

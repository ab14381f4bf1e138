package io.sightline.storage.rocksdb;

import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
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
 *       key {@link SpanKeys}, value {@link SpanCodec};
 *   <li>{@code catalog}: services and operations ({@link Catalog}), also held in memory;
 *   <li>{@code meta}: the layout version and the time range of each partition ({@link Partition}).
 * </ul>
 * One {@link #write} is one atomic write batch (spans, catalogue and partition records
 * together), fsync'd before it returns in the default mode. Reads see a snapshot, so a batch is
 * seen whole or not at all. Thread-safe: any number of writers and readers at once.
 */
public final class RocksDbStorage implements StorageComponent, SpanWriter, TraceReader, ServiceCatalog {
    /** Layout 1 was the pre-release one (IDs repeated in values, no partition records). */
    static final String LAYOUT_VERSION = "2";
    static final byte[] LAYOUT_VERSION_KEY = "layout-version".getBytes(StandardCharsets.UTF_8);
    static final String META = "meta";
    static final String CATALOG = "catalog";

    private static final Logger logger = LoggerFactory.getLogger(RocksDbStorage.class);

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final TunedOptions tuned;
    private final RocksDB db;
    /** Every handle RocksDB gave at open, closed before the database. */
    private final List<ColumnFamilyHandle> openedHandles;
    private final ColumnFamilyHandle metaFamily;
    private final ColumnFamilyHandle catalogFamily;
    /** Column families that are neither partitions nor ours, including {@code default}: only checked to be empty. */
    private final List<ColumnFamilyHandle> otherFamilies = new ArrayList<>();
    private final Partitions partitions;
    private final Catalog catalog = new Catalog();
    /** Every call holds the read side; close takes the write side, so no call ever uses a freed handle. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private RocksDbStorage(Path directory, RocksDbStorageOptions options, TunedOptions tuned, RocksDB db,
            List<ColumnFamilyDescriptor> descriptors, List<ColumnFamilyHandle> handles) {
        this.directory = directory;
        this.tuned = tuned;
        this.db = db;
        this.openedHandles = List.copyOf(handles);
        this.partitions = new Partitions(db, tuned.spans, options.partitionDuration());
        ColumnFamilyHandle meta = null;
        ColumnFamilyHandle catalogHandle = null;
        for (int i = 0; i < descriptors.size(); i++) {
            String name = new String(descriptors.get(i).getName(), StandardCharsets.UTF_8);
            ColumnFamilyHandle handle = handles.get(i);
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

    /**
     * Opens the store in {@code options.dataDirectory()}, creating the directory and the store
     * when missing. Never deletes or rewrites existing data.
     *
     * @throws RocksDbOpenException with one line naming the directory and the problem: not a
     *     directory or not writable, locked by another process, damaged or corrupted, not a
     *     Sightline store, or of a layout version this build does not read
     */
    public static RocksDbStorage open(RocksDbStorageOptions options) {
        Objects.requireNonNull(options, "options");
        Path directory = options.dataDirectory().toAbsolutePath().normalize();
        StoreDirectory.prepare(directory);
        List<byte[]> existing = StoreDirectory.columnFamilies(directory);
        TunedOptions tuned = new TunedOptions(options.syncWrites());
        List<ColumnFamilyDescriptor> descriptors = descriptors(existing, tuned);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(tuned.db, directory.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            tuned.close();
            throw StoreDirectory.openFailure(directory, e);
        }
        RocksDbStorage storage = new RocksDbStorage(directory, options, tuned, db, descriptors, handles);
        try {
            storage.checkLayout();
            storage.load();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        return storage;
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

    /** Fills the in-memory catalogue and the partition ranges; proportional to names and partitions, not spans. */
    private void load() {
        try (RocksIterator it = db.newIterator(catalogFamily)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (!catalog.load(it.key())) {
                    logger.warn("Ignoring unknown catalogue key in {}", directory);
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw StoreDirectory.openFailure(directory, e);
        }
        try (RocksIterator it = db.newIterator(metaFamily)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                String partition = Partition.recordedName(it.key());
                if (partition != null) {
                    partitions.loadRecord(partition, it.value());
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw StoreDirectory.openFailure(directory, e);
        }
    }

    @Override
    public void write(List<Span> spans) {
        Objects.requireNonNull(spans, "spans");
        if (spans.isEmpty()) {
            return;
        }
        lifecycle.readLock().lock();
        try (WriteBatch batch = new WriteBatch()) {
            ensureOpen();
            Catalog.Additions names = catalog.newAdditions();
            List<Partition> unrecorded = new ArrayList<>(1);
            for (Span span : spans) {
                Partition partition = partitions.forStart(span.startEpochNanos());
                if (!partition.recorded() && !unrecorded.contains(partition)) {
                    unrecorded.add(partition);
                    batch.put(metaFamily, partition.recordKey(), partition.recordValue());
                }
                batch.put(partition.handle(), SpanKeys.key(span), SpanCodec.encode(span));
                names.add(span);
            }
            for (byte[] key : names.keys()) {
                batch.put(catalogFamily, key, new byte[0]);
            }
            db.write(tuned.write, batch);
            // Only once the batch is durable, so that memory never names what is not stored.
            names.applyToMemory();
            unrecorded.forEach(Partition::markRecorded);
        } catch (RocksDBException e) {
            throw new StorageException("write of " + spans.size() + " spans to the storage in " + directory
                    + " failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public Optional<Trace> getTrace(TraceId traceId) {
        Objects.requireNonNull(traceId, "traceId");
        byte[] prefix = SpanKeys.tracePrefix(traceId);
        List<Span> spans = new ArrayList<>();
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            Snapshot snapshot = db.getSnapshot();
            try (ReadOptions read = new ReadOptions().setPrefixSameAsStart(true).setSnapshot(snapshot)) {
                for (Partition partition : partitions.all()) {
                    readTrace(partition, read, prefix, spans);
                }
            } finally {
                db.releaseSnapshot(snapshot);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
        if (spans.isEmpty()) {
            return Optional.empty();
        }
        // Keys order by start µs; the nanosecond order within a microsecond needs the full sort.
        spans.sort(Trace.STORAGE_ORDER);
        return Optional.of(new Trace(traceId, spans));
    }

    private void readTrace(Partition partition, ReadOptions read, byte[] prefix, List<Span> out) {
        try (RocksIterator it = db.newIterator(partition.handle(), read)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!SpanKeys.hasPrefix(key, prefix)) {
                    break;
                }
                try {
                    out.add(SpanCodec.decode(key, it.value()));
                } catch (StorageException e) {
                    throw new StorageException("span " + SpanKeys.spanId(key) + " of trace " + SpanKeys.traceId(key)
                            + " in partition " + partition + " of " + directory + ": " + e.getMessage(), e);
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("reading partition " + partition + " of " + directory + " failed: "
                    + e.getMessage(), e);
        }
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

    @Override
    public List<TraceId> findTraceIds(TraceQuery query) {
        throw new UnsupportedOperationException("trace search is not implemented by the embedded store yet");
    }

    @Override
    public DependencyReader dependencyReader() {
        return (endEpochMicros, lookbackMicros) -> {
            throw new UnsupportedOperationException("dependencies are not implemented by the embedded store yet");
        };
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
            List<ColumnFamilyHandle> handles = new ArrayList<>(partitions.createdHandles());
            handles.addAll(openedHandles);
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush, handles);
            } catch (RocksDBException e) {
                // Nothing is lost: every write is in the write-ahead log, replayed at the next open.
                logger.warn("Flushing the storage in {} at close failed: {}", directory, e.getMessage());
            }
            handles.forEach(ColumnFamilyHandle::close);
            try {
                db.closeE();
            } catch (RocksDBException e) {
                logger.warn("Closing the storage in {} failed: {}", directory, e.getMessage());
            }
            tuned.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}

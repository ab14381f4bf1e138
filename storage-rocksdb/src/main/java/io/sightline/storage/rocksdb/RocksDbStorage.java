package io.sightline.storage.rocksdb;

import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.HealthStatus;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.ServiceCatalog;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.StorageException;
import io.sightline.core.storage.TraceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The embedded store on RocksDB. Spans go to one column family per time partition (see
 * {@link SpanKeys}); the service/operation catalogue to the {@code catalog} column family and
 * memory; the layout version to {@code meta}. One {@link #write} is one atomic write batch,
 * fsync'd in the default mode, so an acknowledged batch survives a crash whole or not at all.
 */
public final class RocksDbStorage implements StorageComponent, SpanWriter, TraceReader, ServiceCatalog {
    static final String LAYOUT_VERSION = "1";
    private static final byte[] LAYOUT_KEY = "layout-version".getBytes(StandardCharsets.UTF_8);
    private static final String META = "meta";
    private static final String CATALOG = "catalog";

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDbStorageOptions options;
    private final Path directory;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions spanFamilyOptions;
    private final ColumnFamilyOptions plainFamilyOptions;
    private final WriteOptions writeOptions;
    private final ColumnFamilyHandle defaultFamily;
    private final ColumnFamilyHandle metaFamily;
    private final ColumnFamilyHandle catalogFamily;
    private final ConcurrentHashMap<String, ColumnFamilyHandle> partitions = new ConcurrentHashMap<>();
    private final ServiceCatalogCache catalog = new ServiceCatalogCache();
    /** Reads and writes hold the read side; close takes the write side so no call sees freed handles. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private RocksDbStorage(RocksDbStorageOptions options, Path directory, RocksDB db, DBOptions dbOptions,
            ColumnFamilyOptions spanFamilyOptions, ColumnFamilyOptions plainFamilyOptions,
            List<ColumnFamilyDescriptor> descriptors, List<ColumnFamilyHandle> handles) {
        this.options = options;
        this.directory = directory;
        this.db = db;
        this.dbOptions = dbOptions;
        this.spanFamilyOptions = spanFamilyOptions;
        this.plainFamilyOptions = plainFamilyOptions;
        this.writeOptions = new WriteOptions().setSync(options.syncWrites());
        Map<String, ColumnFamilyHandle> byName = new HashMap<>();
        for (int i = 0; i < descriptors.size(); i++) {
            String name = new String(descriptors.get(i).getName(), StandardCharsets.UTF_8);
            byName.put(name, handles.get(i));
            if (name.startsWith(SpanKeys.PARTITION_PREFIX)) {
                partitions.put(name, handles.get(i));
            }
        }
        this.defaultFamily = byName.get(new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8));
        this.metaFamily = byName.get(META);
        this.catalogFamily = byName.get(CATALOG);
    }

    /**
     * Opens (creating if needed) the store in {@code options.dataDirectory()}.
     *
     * @throws RocksDbOpenException with one line saying what is wrong and where: not a
     *     directory or not writable, locked by another process, corrupted, or of another layout
     */
    public static RocksDbStorage open(RocksDbStorageOptions options) {
        Objects.requireNonNull(options, "options");
        Path directory = options.dataDirectory().toAbsolutePath().normalize();
        prepareDirectory(directory);
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions plain = new ColumnFamilyOptions();
        ColumnFamilyOptions spans = spanFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, plain));
        descriptors.add(new ColumnFamilyDescriptor(META.getBytes(StandardCharsets.UTF_8), plain));
        descriptors.add(new ColumnFamilyDescriptor(CATALOG.getBytes(StandardCharsets.UTF_8), plain));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            for (byte[] name : existingFamilies(directory)) {
                if (new String(name, StandardCharsets.UTF_8).startsWith(SpanKeys.PARTITION_PREFIX)) {
                    descriptors.add(new ColumnFamilyDescriptor(name, spans));
                }
            }
            db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            plain.close();
            spans.close();
            throw openFailure(directory, e);
        }
        RocksDbStorage storage = new RocksDbStorage(options, directory, db, dbOptions, spans, plain, descriptors, handles);
        try {
            storage.checkLayout();
            storage.loadCatalog();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    private static ColumnFamilyOptions spanFamilyOptions() {
        // Trace lookups seek a 16-byte trace ID prefix in every partition: a prefix bloom filter
        // lets a partition without that trace answer without reading data blocks.
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setFilterPolicy(new BloomFilter(10))
                .setWholeKeyFiltering(false);
        return new ColumnFamilyOptions()
                .useFixedLengthPrefixExtractor(SpanKeys.TRACE_PREFIX_BYTES)
                .setTableFormatConfig(table);
    }

    private static void prepareDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new RocksDbOpenException("data directory " + directory + " cannot be created: " + e, e);
        }
        if (!Files.isDirectory(directory)) {
            throw new RocksDbOpenException("data directory " + directory + " is not a directory", null);
        }
        if (!Files.isWritable(directory)) {
            throw new RocksDbOpenException("data directory " + directory + " is not writable by this user", null);
        }
    }

    private static List<byte[]> existingFamilies(Path directory) throws RocksDBException {
        if (!Files.exists(directory.resolve("CURRENT"))) {
            return List.of();
        }
        try (Options listOptions = new Options()) {
            return RocksDB.listColumnFamilies(listOptions, directory.toString());
        }
    }

    private static RocksDbOpenException openFailure(Path directory, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("lock")) {
            return new RocksDbOpenException("data directory " + directory
                    + " is locked by another process (another server is running on it): " + message, e);
        }
        if (lower.contains("corrupt") || lower.contains("manifest") || lower.contains("current")) {
            return new RocksDbOpenException("data directory " + directory
                    + " is corrupted or is not a Sightline store (nothing was changed): " + message, e);
        }
        if (lower.contains("permission") || lower.contains("read-only")) {
            return new RocksDbOpenException("data directory " + directory + " is not writable: " + message, e);
        }
        return new RocksDbOpenException("data directory " + directory + " cannot be opened: " + message, e);
    }

    private void checkLayout() {
        try {
            byte[] stored = db.get(metaFamily, LAYOUT_KEY);
            if (stored == null) {
                if (!partitions.isEmpty()) {
                    throw new RocksDbOpenException("data directory " + directory
                            + " has span data but no layout version: it is not a Sightline store", null);
                }
                db.put(metaFamily, writeOptions, LAYOUT_KEY, LAYOUT_VERSION.getBytes(StandardCharsets.UTF_8));
                return;
            }
            String version = new String(stored, StandardCharsets.UTF_8);
            if (!version.equals(LAYOUT_VERSION)) {
                throw new RocksDbOpenException("data directory " + directory + " holds store layout version " + version
                        + "; this build reads layout version " + LAYOUT_VERSION + " (nothing was changed)", null);
            }
        } catch (RocksDBException e) {
            throw openFailure(directory, e);
        }
    }

    private void loadCatalog() {
        try (RocksIterator it = db.newIterator(catalogFamily)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                catalog.load(it.key());
            }
        }
    }

    @Override
    public void write(List<Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        lifecycle.readLock().lock();
        try (WriteBatch batch = new WriteBatch()) {
            ensureOpen();
            List<Map.Entry<String, Operation>> newOperations = new ArrayList<>();
            for (Span span : spans) {
                batch.put(partition(span.startEpochNanos()), SpanKeys.key(span), SpanCodec.encode(span));
                Operation operation = new Operation(span.name(), span.kind());
                if (!catalog.contains(span.serviceName(), operation)) {
                    batch.put(catalogFamily, ServiceCatalogCache.key(span.serviceName(), operation), new byte[0]);
                    newOperations.add(Map.entry(span.serviceName(), operation));
                }
            }
            db.write(writeOptions, batch);
            // Only after the batch is durable, so the catalogue never names what is not stored.
            for (Map.Entry<String, Operation> entry : newOperations) {
                catalog.add(entry.getKey(), entry.getValue());
            }
        } catch (RocksDBException e) {
            throw new StorageException("write of " + spans.size() + " spans to " + directory + " failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private ColumnFamilyHandle partition(long startEpochNanos) throws RocksDBException {
        String name = SpanKeys.partitionName(startEpochNanos, options.partitionDuration());
        ColumnFamilyHandle handle = partitions.get(name);
        if (handle != null) {
            return handle;
        }
        synchronized (partitions) {
            handle = partitions.get(name);
            if (handle == null) {
                handle = db.createColumnFamily(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), spanFamilyOptions));
                partitions.put(name, handle);
            }
            return handle;
        }
    }

    @Override
    public Optional<Trace> getTrace(TraceId traceId) {
        byte[] prefix = SpanKeys.tracePrefix(traceId);
        List<Span> spans = new ArrayList<>();
        lifecycle.readLock().lock();
        try (ReadOptions read = new ReadOptions().setPrefixSameAsStart(true)) {
            ensureOpen();
            for (ColumnFamilyHandle handle : partitions.values()) {
                try (RocksIterator it = db.newIterator(handle, read)) {
                    for (it.seek(prefix); it.isValid() && SpanKeys.hasPrefix(it.key(), prefix); it.next()) {
                        spans.add(SpanCodec.decode(it.value()));
                    }
                }
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

    @Override
    public List<String> getServices() {
        return catalog.services();
    }

    @Override
    public List<Operation> getOperations(String service, SpanKind spanKind) {
        return catalog.operations(service, spanKind);
    }

    /** Names of the time partitions on disk, oldest first. */
    public List<String> partitionNames() {
        List<String> names = new ArrayList<>(partitions.keySet());
        names.sort(null);
        return names;
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException("storage at " + directory + " is closed");
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
    public ServiceCatalog serviceCatalog() {
        return this;
    }

    @Override
    public HealthStatus check() {
        lifecycle.readLock().lock();
        try {
            return closed ? HealthStatus.unhealthy("storage at " + directory + " is closed") : HealthStatus.OK;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                db.flushWal(true);
            } catch (RocksDBException e) {
                // The WAL was already synced per write in the default mode; nothing more to save.
            }
            for (ColumnFamilyHandle handle : partitions.values()) {
                handle.close();
            }
            metaFamily.close();
            catalogFamily.close();
            defaultFamily.close();
            db.close();
            writeOptions.close();
            dbOptions.close();
            spanFamilyOptions.close();
            plainFamilyOptions.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}

package io.sightline.storage.rocksdb;

import io.sightline.core.model.HexIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The span partitions: one column family per period of span start time, named
 * {@code spans-<period start, UTC, yyyyMMdd'T'HHmm>}, created on first use. Dropping one frees its
 * disk at once, which is how retention works. Thread-safe.
 */
final class Partitions {
    static final String NAME_PREFIX = "spans-";
    private static final DateTimeFormatter NAME_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);

    private final RocksDB db;
    private final ColumnFamilyOptions options;
    private final long periodNanos;
    private final Map<String, Partition> byName = new ConcurrentHashMap<>();
    private final Map<Long, Partition> byPeriodStart = new ConcurrentHashMap<>();
    /** Handles this instance created; those opened with the database are closed by their opener. */
    private final List<ColumnFamilyHandle> created = new ArrayList<>();
    /** Nearly every span of a write starts in the current period: answer that without a map lookup. */
    private volatile Partition latest;

    Partitions(RocksDB db, ColumnFamilyOptions options, Duration partitionDuration) {
        this.db = db;
        this.options = options;
        this.periodNanos = partitionDuration.toNanos();
    }

    static boolean isPartitionName(String columnFamilyName) {
        return columnFamilyName.startsWith(NAME_PREFIX);
    }

    /** Registers a partition that was on disk at open; its range is taken from its name until {@link #loadRecord}. */
    void addExisting(String name, ColumnFamilyHandle handle) {
        long start = parseStart(name);
        long end = start == Long.MIN_VALUE ? Long.MAX_VALUE : saturatedAdd(start, periodNanos);
        // Until its record is read, a partition counts as last written at its end.
        byName.put(name, new Partition(name, handle, start, end, false, end));
    }

    /** Applies a range recorded in {@code meta}; false when no such partition is open. */
    boolean loadRecord(String name, byte[] value) {
        Partition known = byName.get(name);
        if (known == null || (value.length != 16 && value.length != 24)) {
            return false;
        }
        long end = HexIds.readLong(value, 8);
        long lastWrite = value.length == 24 ? HexIds.readLong(value, 16) : end;
        byName.put(name, new Partition(name, known.handle(), HexIds.readLong(value, 0), end, true, lastWrite));
        return true;
    }

    /** The partition for spans starting at {@code startEpochNanos}, created when missing. */
    Partition forStart(long startEpochNanos) throws RocksDBException {
        long periodStart = Math.floorDiv(startEpochNanos, periodNanos) * periodNanos;
        Partition current = latest;
        if (current != null && current.startEpochNanos() == periodStart) {
            return current;
        }
        Partition known = byPeriodStart.get(periodStart);
        if (known == null) {
            known = lookUpOrCreate(periodStart);
        }
        latest = known;
        return known;
    }

    private synchronized Partition lookUpOrCreate(long periodStart) throws RocksDBException {
        Partition known = byPeriodStart.get(periodStart);
        if (known != null) {
            return known;
        }
        long periodEnd = saturatedAdd(periodStart, periodNanos);
        String name = NAME_PREFIX + NAME_FORMAT.format(Instant.ofEpochSecond(0, periodStart));
        Partition partition = byName.get(name);
        if (partition == null) {
            ColumnFamilyHandle handle = db.createColumnFamily(
                    new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), options));
            created.add(handle);
            partition = new Partition(name, handle, periodStart, periodEnd, false, Long.MIN_VALUE);
        } else if (!partition.covers(periodStart, periodEnd)) {
            // Made under another partition duration: widen its recorded range so that retention
            // never drops it before the newest span it now holds has expired.
            partition = new Partition(name, partition.handle(), Math.min(periodStart, partition.startEpochNanos()),
                    Math.max(periodEnd, partition.endEpochNanos()), false, partition.lastWriteEpochNanos());
        }
        byName.put(name, partition);
        byPeriodStart.put(periodStart, partition);
        return partition;
    }

    synchronized List<ColumnFamilyHandle> createdHandles() {
        return List.copyOf(created);
    }

    /** Forgets a partition that retention dropped; the caller closes its handle. */
    synchronized void remove(Partition partition) {
        byName.remove(partition.name(), partition);
        byName.values().removeIf(p -> p.handle() == partition.handle());
        byPeriodStart.values().removeIf(p -> p.handle() == partition.handle());
        created.remove(partition.handle());
        Partition current = latest;
        if (current != null && current.handle() == partition.handle()) {
            latest = null;
        }
    }

    Collection<Partition> all() {
        return byName.values();
    }

    /** Every partition, oldest first. */
    List<Partition> sorted() {
        List<Partition> out = new ArrayList<>(byName.values());
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    private static long parseStart(String name) {
        try {
            LocalDateTime start = LocalDateTime.parse(name.substring(NAME_PREFIX.length()), NAME_FORMAT);
            Instant instant = start.toInstant(ZoneOffset.UTC);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            // Unknown range: never expired by age, still read.
            return Long.MIN_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}

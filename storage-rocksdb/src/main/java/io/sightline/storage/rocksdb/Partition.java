package io.sightline.storage.rocksdb;

import io.sightline.core.model.HexIds;
import java.nio.charset.StandardCharsets;
import org.rocksdb.ColumnFamilyHandle;

/**
 * One time partition: the column family holding the spans whose start lies in
 * [{@code startEpochNanos}, {@code endEpochNanos}). Its range and the time it was last written
 * are also recorded in {@code meta} (key {@code partition/<name>}, value
 * {@code startEpochNanos(8) ‖ endEpochNanos(8) ‖ lastWriteEpochNanos(8)}; records of 16 bytes,
 * from before the last write was kept, count as written at their end), so that retention can
 * drop it by age even after the partition duration was changed, and never drops spans that
 * arrived late, with old start times, before they have been kept for the retention period.
 */
final class Partition {
    private static final String RECORD_PREFIX = "partition/";

    private final String name;
    private final ColumnFamilyHandle handle;
    private final long startEpochNanos;
    private final long endEpochNanos;
    /** How stale the recorded last write may get before a write records it again. */
    static final long RECORD_REFRESH_NANOS = 60_000_000_000L;

    /** True once the range is durable in {@code meta}; until then every batch into it writes the record again. */
    private volatile boolean recorded;
    /** The last write time recorded in {@code meta}, epoch ns. */
    private volatile long lastWriteEpochNanos;

    /** Bounds {@link #storedSources}: past it, a batch puts its sources again (harmless, a few bytes). */
    static final int MAX_KNOWN_SOURCES = 16_384;

    /** The {@link StoredSources} this partition is known to hold (durably); reset at each open. */
    private final java.util.Set<StoredSources.Id> storedSources = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The sources whose tag entries this partition is known to hold (durably); reset at each open. */
    private final java.util.Set<StoredSources.Id> indexedSources = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Partition(String name, ColumnFamilyHandle handle, long startEpochNanos, long endEpochNanos, boolean recorded,
              long lastWriteEpochNanos) {
        this.name = name;
        this.handle = handle;
        this.startEpochNanos = startEpochNanos;
        this.endEpochNanos = endEpochNanos;
        this.recorded = recorded;
        this.lastWriteEpochNanos = lastWriteEpochNanos;
    }

    String name() {
        return name;
    }

    ColumnFamilyHandle handle() {
        return handle;
    }

    long startEpochNanos() {
        return startEpochNanos;
    }

    long endEpochNanos() {
        return endEpochNanos;
    }

    boolean covers(long fromEpochNanos, long untilEpochNanos) {
        return startEpochNanos <= fromEpochNanos && untilEpochNanos <= endEpochNanos;
    }

    boolean recorded() {
        return recorded;
    }

    long lastWriteEpochNanos() {
        return lastWriteEpochNanos;
    }

    /** Whether a write at {@code nowEpochNanos} must (re)write this partition's record. */
    boolean needsRecord(long nowEpochNanos) {
        return !recorded || nowEpochNanos - lastWriteEpochNanos > RECORD_REFRESH_NANOS;
    }

    void markRecorded(long writeEpochNanos) {
        lastWriteEpochNanos = Math.max(lastWriteEpochNanos, writeEpochNanos);
        recorded = true;
    }

    /** Whether every span here started, and was last written, at or before {@code cutoffEpochNanos}. */
    boolean expiredAt(long cutoffEpochNanos) {
        return endEpochNanos <= cutoffEpochNanos && lastWriteEpochNanos <= cutoffEpochNanos;
    }

    boolean holdsSource(StoredSources.Id id) {
        return storedSources.contains(id);
    }

    /** Only once the write that put it is durable. */
    void sourceStored(StoredSources.Id id) {
        if (storedSources.size() < MAX_KNOWN_SOURCES) {
            storedSources.add(id);
        }
    }

    /** Whether this partition durably holds the search entries ({@code 'd'}) of the source's tags. */
    boolean holdsSourceTags(StoredSources.Id id) {
        return indexedSources.contains(id);
    }

    /** Only once the write that put them is durable. */
    void sourceTagsStored(StoredSources.Id id) {
        if (indexedSources.size() < MAX_KNOWN_SOURCES) {
            indexedSources.add(id);
        }
    }

    byte[] recordKey() {
        return recordKey(name);
    }

    byte[] recordValue(long writeEpochNanos) {
        byte[] value = new byte[24];
        HexIds.writeLong(value, 0, startEpochNanos);
        HexIds.writeLong(value, 8, endEpochNanos);
        HexIds.writeLong(value, 16, Math.max(lastWriteEpochNanos, writeEpochNanos));
        return value;
    }

    static byte[] recordKey(String name) {
        return (RECORD_PREFIX + name).getBytes(StandardCharsets.UTF_8);
    }

    /** The partition name a {@code meta} key records, or null when it is another kind of key. */
    static String recordedName(byte[] metaKey) {
        String key = new String(metaKey, StandardCharsets.UTF_8);
        return key.startsWith(RECORD_PREFIX) ? key.substring(RECORD_PREFIX.length()) : null;
    }

    @Override
    public String toString() {
        return name;
    }
}

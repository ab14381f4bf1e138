package io.sightline.storage.rocksdb;

import io.sightline.core.model.HexIds;
import java.nio.charset.StandardCharsets;
import org.rocksdb.ColumnFamilyHandle;

/**
 * One time partition: the column family holding the spans whose start lies in
 * [{@code startEpochNanos}, {@code endEpochNanos}). Its range is also recorded in {@code meta}
 * (key {@code partition/<name>}, value {@code startEpochNanos(8) ‖ endEpochNanos(8)}), so that
 * retention can drop it by age even after the partition duration was changed.
 */
final class Partition {
    private static final String RECORD_PREFIX = "partition/";

    private final String name;
    private final ColumnFamilyHandle handle;
    private final long startEpochNanos;
    private final long endEpochNanos;
    /** True once the range is durable in {@code meta}; until then every batch into it writes the record again. */
    private volatile boolean recorded;

    Partition(String name, ColumnFamilyHandle handle, long startEpochNanos, long endEpochNanos, boolean recorded) {
        this.name = name;
        this.handle = handle;
        this.startEpochNanos = startEpochNanos;
        this.endEpochNanos = endEpochNanos;
        this.recorded = recorded;
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

    void markRecorded() {
        recorded = true;
    }

    byte[] recordKey() {
        return recordKey(name);
    }

    byte[] recordValue() {
        byte[] value = new byte[16];
        HexIds.writeLong(value, 0, startEpochNanos);
        HexIds.writeLong(value, 8, endEpochNanos);
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

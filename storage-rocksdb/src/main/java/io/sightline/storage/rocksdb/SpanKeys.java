package io.sightline.storage.rocksdb;

import io.sightline.core.model.HexIds;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The span key layout: {@code traceId(16) ‖ startEpochMicros(8) ‖ spanId(8)}, big-endian so
 * that byte order is numeric order and a trace's spans are contiguous and sorted by start
 * time. Spans live in one column family per partition of start time ({@code spans-<start>}),
 * so that retention can drop a whole partition and get its disk back at once.
 */
final class SpanKeys {
    static final String PARTITION_PREFIX = "spans-";
    static final int TRACE_PREFIX_BYTES = 16;
    static final int KEY_BYTES = 32;
    private static final DateTimeFormatter PARTITION_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);

    private SpanKeys() {}

    static byte[] key(Span span) {
        byte[] key = new byte[KEY_BYTES];
        HexIds.writeLong(key, 0, span.traceId().high());
        HexIds.writeLong(key, 8, span.traceId().low());
        HexIds.writeLong(key, 16, span.startEpochMicros());
        HexIds.writeLong(key, 24, span.spanId());
        return key;
    }

    static byte[] tracePrefix(TraceId traceId) {
        return traceId.toBytes();
    }

    /** Name of the partition holding spans that start at {@code startEpochNanos}. */
    static String partitionName(long startEpochNanos, Duration partitionDuration) {
        long periodNanos = partitionDuration.toNanos();
        long partitionStartNanos = Math.floorDiv(startEpochNanos, periodNanos) * periodNanos;
        return PARTITION_PREFIX + PARTITION_FORMAT.format(Instant.ofEpochSecond(0, partitionStartNanos));
    }

    static boolean hasPrefix(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

package io.sightline.storage.rocksdb;

import io.sightline.core.model.HexIds;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;

/**
 * The key of a span in its partition: {@code traceId(16: high, low) ‖ startEpochMicros(8) ‖
 * spanId(8)}, all big-endian, so that a trace's spans are contiguous behind a fixed 16-byte
 * prefix (what the prefix bloom filters are built on). The start is in microseconds, like
 * Jaeger's embedded store: one stored copy per (trace, span, start µs); the sub-microsecond rest
 * lives in the value.
 */
final class SpanKeys {
    static final int TRACE_PREFIX_BYTES = 16;
    static final int KEY_BYTES = 32;

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

    static TraceId traceId(byte[] key) {
        return TraceId.of(HexIds.readLong(key, 0), HexIds.readLong(key, 8));
    }

    static long startEpochMicros(byte[] key) {
        return HexIds.readLong(key, 16);
    }

    static long spanId(byte[] key) {
        return HexIds.readLong(key, 24);
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

package io.sightline.storage.rocksdb;

import io.sightline.core.model.HexIds;
import io.sightline.core.model.TraceId;

/**
 * The key of a trace piece in its partition: {@code traceId(16: high, low) ‖ batch(8) ‖ part(4)},
 * big-endian, so that a trace's pieces are contiguous behind a fixed 16-byte prefix (what the
 * prefix bloom filters are built on) and come in the order they were written. A piece holds the
 * spans one write batch had of the trace ({@link TracePieces}), in parts of at most
 * {@link TracePieces#MAX_SPANS} spans.
 */
final class SpanKeys {
    static final int TRACE_PREFIX_BYTES = 16;
    static final int KEY_BYTES = 28;

    private SpanKeys() {}

    static byte[] key(TraceId traceId, long batch, int part) {
        byte[] key = new byte[KEY_BYTES];
        HexIds.writeLong(key, 0, traceId.high());
        HexIds.writeLong(key, 8, traceId.low());
        HexIds.writeLong(key, 16, batch);
        key[24] = (byte) (part >>> 24);
        key[25] = (byte) (part >>> 16);
        key[26] = (byte) (part >>> 8);
        key[27] = (byte) part;
        return key;
    }

    static byte[] tracePrefix(TraceId traceId) {
        return traceId.toBytes();
    }

    static TraceId traceId(byte[] key) {
        return TraceId.of(HexIds.readLong(key, 0), HexIds.readLong(key, 8));
    }

    static long batch(byte[] key) {
        return HexIds.readLong(key, 16);
    }

    static boolean isPieceKey(byte[] key) {
        return key.length == KEY_BYTES;
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

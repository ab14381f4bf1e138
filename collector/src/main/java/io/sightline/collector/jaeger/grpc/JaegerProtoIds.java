package io.sightline.collector.jaeger.grpc;

import com.google.protobuf.ByteString;
import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.TraceId;

/**
 * Jaeger's binary ID rules ({@code model/ids.go}): a trace ID is 16 bytes big-endian, or 8 bytes
 * for a 64-bit ID (the high half is then zero); a span ID is exactly 8 bytes.
 */
final class JaegerProtoIds {
    static final int TRACE_ID_BYTES = 16;
    static final int TRACE_ID_64_BIT_BYTES = 8;
    static final int SPAN_ID_BYTES = 8;

    private JaegerProtoIds() {}

    /** @param path where the ID sits in the request, for the error message */
    static TraceId traceId(ByteString bytes, String path) {
        if (bytes.size() == TRACE_ID_BYTES) {
            return TraceId.of(readLong(bytes, 0), readLong(bytes, 8));
        }
        if (bytes.size() == TRACE_ID_64_BIT_BYTES) {
            return TraceId.of(0, readLong(bytes, 0));
        }
        throw new InvalidSpansException(path + ": expected 16 bytes (or 8 for a 64-bit ID), got " + bytes.size());
    }

    /** A span's own trace ID: an all-zero one could never be looked up, so it is refused. */
    static TraceId nonZeroTraceId(ByteString bytes, String path) {
        TraceId id = traceId(bytes, path);
        if (id.isZero()) {
            throw new InvalidSpansException(path + ": must not be all zeros");
        }
        return id;
    }

    static long spanId(ByteString bytes, String path) {
        if (bytes.size() != SPAN_ID_BYTES) {
            throw new InvalidSpansException(path + ": expected 8 bytes, got " + bytes.size());
        }
        return readLong(bytes, 0);
    }

    /** A span's own ID: zero means "no parent" in the model, so a span cannot have it. */
    static long nonZeroSpanId(ByteString bytes, String path) {
        long id = spanId(bytes, path);
        if (id == 0) {
            throw new InvalidSpansException(path + ": must not be all zeros");
        }
        return id;
    }

    private static long readLong(ByteString bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + Long.BYTES; i++) {
            value = value << 8 | (bytes.byteAt(i) & 0xFF);
        }
        return value;
    }
}

package io.sightline.collector.otlp;

import io.sightline.collector.InvalidSpansException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads protobuf wire format straight from a byte array: varints, fixed-width numbers, lengths,
 * and skips of fields the caller does not know. Each embedded message is read up to an end
 * offset its caller computes from the length prefix, so no limit stack is needed. Every
 * malformation (a length past the end, a varint longer than ten bytes, a group or an unknown
 * wire type) is an {@link InvalidSpansException} naming the byte offset.
 */
final class ProtoWireReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    /** Eight bytes at once, in the wire's order (fixed64 is little-endian; IDs are big-endian bytes). */
    static final VarHandle LITTLE_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BIG_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] buffer;
    private int position;

    ProtoWireReader(byte[] buffer) {
        this.buffer = buffer;
    }

    byte[] buffer() {
        return buffer;
    }

    int position() {
        return position;
    }

    int length() {
        return buffer.length;
    }

    /** The next field's tag, reading no further than {@code end}. */
    int readTag() {
        long tag = readVarint64();
        if (tag <= 0 || tag > Integer.MAX_VALUE || (tag >>> 3) == 0) {
            throw malformed("invalid tag " + tag);
        }
        return (int) tag;
    }

    long readVarint64() {
        // Most tags and lengths fit in one byte.
        if (position < buffer.length && buffer[position] >= 0) {
            return buffer[position++];
        }
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= buffer.length) {
                throw malformed("truncated varint");
            }
            byte b = buffer[position++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw malformed("varint longer than 10 bytes");
    }

    /** An int32/enum varint: negative values are sent sign-extended to 64 bits. */
    int readVarint32() {
        return (int) readVarint64();
    }

    long readFixed64() {
        require(8);
        long value = (long) LITTLE_ENDIAN_LONGS.get(buffer, position);
        position += 8;
        return value;
    }

    int readFixed32() {
        require(4);
        int value = 0;
        for (int i = 3; i >= 0; i--) {
            value = (value << 8) | (buffer[position + i] & 0xFF);
        }
        position += 4;
        return value;
    }

    /** Reads a length prefix and returns the offset where that field ends, checked against {@code end}. */
    int readEnd(int end) {
        long length = readVarint64();
        if (length < 0 || length > end - position) {
            throw malformed("length " + length + " runs past the end of its message");
        }
        return position + (int) length;
    }

    /** A big-endian long at the current position, which the caller checked has 8 bytes left. */
    long readBigEndianLong() {
        long value = (long) BIG_ENDIAN_LONGS.get(buffer, position);
        position += 8;
        return value;
    }

    void seek(int offset) {
        position = offset;
    }

    /** Skips a field this decoder does not read, as protobuf keeps unknown fields aside. */
    void skip(int tag, int end) {
        switch (tag & 7) {
            case VARINT -> readVarint64();
            case FIXED64 -> {
                require(8);
                position += 8;
            }
            case LENGTH_DELIMITED -> position = readEnd(end);
            case FIXED32 -> {
                require(4);
                position += 4;
            }
            default -> throw malformed("unsupported wire type " + (tag & 7) + " of field " + (tag >>> 3));
        }
        if (position > end) {
            throw malformed("field " + (tag >>> 3) + " runs past the end of its message");
        }
    }

    private void require(int bytes) {
        if (buffer.length - position < bytes) {
            throw malformed("truncated message");
        }
    }

    InvalidSpansException malformed(String what) {
        return new InvalidSpansException("cannot decode protobuf ExportTraceServiceRequest: " + what
                + " (at byte " + position + ")");
    }
}

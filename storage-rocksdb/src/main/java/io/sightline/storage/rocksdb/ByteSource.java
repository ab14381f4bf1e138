package io.sightline.storage.rocksdb;

import java.nio.charset.StandardCharsets;

/** Reads what {@link ByteSink} wrote; any overrun means the stored value is corrupt. */
final class ByteSource {
    private final byte[] bytes;
    private int position;

    ByteSource(byte[] bytes) {
        this.bytes = bytes;
    }

    int readByte() {
        check(1);
        return bytes[position++] & 0xFF;
    }

    long readFixed64() {
        check(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes at offset " + position);
    }

    long readSignedVarLong() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    int readLength() {
        long length = readVarLong();
        if (length < 0 || length > bytes.length - position) {
            throw new IllegalStateException("length " + length + " overruns the value at offset " + position);
        }
        return (int) length;
    }

    byte[] readBytes() {
        int length = readLength();
        byte[] out = new byte[length];
        System.arraycopy(bytes, position, out, 0, length);
        position += length;
        return out;
    }

    String readString() {
        int length = readLength();
        String out = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return out;
    }

    boolean exhausted() {
        return position == bytes.length;
    }

    private void check(int more) {
        if (position + more > bytes.length) {
            throw new IllegalStateException("value truncated at offset " + position);
        }
    }
}

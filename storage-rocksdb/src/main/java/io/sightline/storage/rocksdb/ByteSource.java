package io.sightline.storage.rocksdb;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteSink} wrote. Every overrun or impossible length throws
 * {@link CorruptValueException}: a stored value that does not parse is corrupt, never a bug to
 * surface as an index error.
 */
final class ByteSource {
    private final byte[] bytes;
    private int position;
    /** Where the readable range ends (exclusive): reads past it are overruns. */
    private final int end;

    ByteSource(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /** Reads {@code bytes[from, to)} only. */
    ByteSource(byte[] bytes, int from, int to) {
        if (from < 0 || to > bytes.length || from > to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") of " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.position = from;
        this.end = to;
    }

    int position() {
        return position;
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
        throw new CorruptValueException("varint longer than 10 bytes at offset " + position);
    }

    long readSignedVarLong() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    /**
     * A count of elements that take at least one byte each: never more than the bytes left, so
     * that a corrupt count cannot make the reader allocate or loop without bound.
     */
    int readCount() {
        long count = readVarLong();
        if (count < 0 || count > end - position) {
            throw new CorruptValueException("count " + count + " overruns the value at offset " + position);
        }
        return (int) count;
    }

    byte[] readBytes() {
        int length = readCount();
        byte[] out = new byte[length];
        System.arraycopy(bytes, position, out, 0, length);
        position += length;
        return out;
    }

    /** Reads {@code length} bytes of UTF-8, checked against what is left. */
    String readUtf8(long length) {
        if (length < 0 || length > end - position) {
            throw new CorruptValueException("string of " + length + " bytes overruns the value at offset " + position);
        }
        String out = new String(bytes, position, (int) length, StandardCharsets.UTF_8);
        position += (int) length;
        return out;
    }

    String readString() {
        int length = readCount();
        String out = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return out;
    }

    /** Reads a length-prefixed string and says whether its UTF-8 bytes are {@code wanted}, without copying them. */
    boolean readStringEquals(byte[] wanted) {
        int length = readCount();
        boolean equal = java.util.Arrays.equals(bytes, position, position + length, wanted, 0, wanted.length);
        position += length;
        return equal;
    }

    void skip(int length) {
        if (length < 0) {
            throw new CorruptValueException("negative length " + length + " at offset " + position);
        }
        check(length);
        position += length;
    }

    int remaining() {
        return end - position;
    }

    boolean exhausted() {
        return position == end;
    }

    private void check(int more) {
        if (position + more > end) {
            throw new CorruptValueException("value truncated at offset " + position);
        }
    }

    /** A stored value does not parse; caught by the codec and reported with its context. */
    static final class CorruptValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptValueException(String message) {
            super(message, null, false, false);
        }
    }
}

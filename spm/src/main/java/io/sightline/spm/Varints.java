package io.sightline.spm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** LEB128 varints (ZigZag for signed values) and length-prefixed UTF-8 strings. */
final class Varints {
    private Varints() {}

    static void write(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    static void writeSigned(ByteArrayOutputStream out, long value) {
        write(out, (value << 1) ^ (value >> 63));
    }

    static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        write(out, bytes.length);
        out.writeBytes(bytes);
    }

    static long read(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes");
    }

    static long readSigned(ByteBuffer in) {
        long raw = read(in);
        return (raw >>> 1) ^ -(raw & 1);
    }

    static String readString(ByteBuffer in) {
        int length = (int) read(in);
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

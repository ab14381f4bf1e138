package io.sightline.core.model;

import java.util.Objects;

/**
 * A 128-bit trace ID held as two longs. A 64-bit ID (as sent by older Jaeger and Zipkin
 * clients) is one whose high half is zero; it renders as 16 hex characters so that it stays
 * distinguishable from a 128-bit one, which always renders as 32.
 */
public final class TraceId implements Comparable<TraceId> {
    public static final int MAX_HEX_LENGTH = 32;
    public static final int BYTES = 16;

    private final long high;
    private final long low;

    private TraceId(long high, long low) {
        this.high = high;
        this.low = low;
    }

    public static TraceId of(long high, long low) {
        return new TraceId(high, low);
    }

    /**
     * Parses 1–32 hex characters, case-insensitive, leading zeros optional. Anything over 16
     * characters is split so that the last 16 are the low half.
     *
     * @throws IllegalArgumentException naming what is wrong with the input
     */
    public static TraceId fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        int length = hex.length();
        if (length == 0) {
            throw new IllegalArgumentException("TraceID is empty");
        }
        if (length > MAX_HEX_LENGTH) {
            throw new IllegalArgumentException("TraceID cannot be longer than 32 hex characters: " + hex);
        }
        int lowStart = Math.max(0, length - 16);
        long high = lowStart == 0 ? 0 : HexIds.parseHexLong(hex, 0, lowStart, "TraceID");
        long low = HexIds.parseHexLong(hex, lowStart, length, "TraceID");
        return new TraceId(high, low);
    }

    /** Reads 16 big-endian bytes (or 8, for a 64-bit ID) starting at {@code offset}. */
    public static TraceId fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 16) {
            return new TraceId(HexIds.readLong(bytes, 0), HexIds.readLong(bytes, 8));
        }
        if (bytes.length == 8) {
            return new TraceId(0, HexIds.readLong(bytes, 0));
        }
        throw new IllegalArgumentException("trace ID must be 16 bytes (or 8), got " + bytes.length);
    }

    public long high() {
        return high;
    }

    public long low() {
        return low;
    }

    public boolean isZero() {
        return high == 0 && low == 0;
    }

    /** True when the high half is zero: rendered with 16 hex characters. */
    public boolean is64Bit() {
        return high == 0;
    }

    /** Lower-case hex: 16 characters for a 64-bit ID, otherwise 32. */
    public String toHex() {
        return high == 0 ? HexIds.toHex16(low) : HexIds.toHex16(high) + HexIds.toHex16(low);
    }

    /** Always 32 lower-case hex characters, as OTLP JSON and api_v3 render IDs. */
    public String toHex32() {
        return HexIds.toHex16(high) + HexIds.toHex16(low);
    }

    public byte[] toBytes() {
        byte[] out = new byte[BYTES];
        HexIds.writeLong(out, 0, high);
        HexIds.writeLong(out, 8, low);
        return out;
    }

    @Override
    public int compareTo(TraceId other) {
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceId that && that.high == high && that.low == low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(low);
    }

    @Override
    public String toString() {
        return toHex();
    }
}

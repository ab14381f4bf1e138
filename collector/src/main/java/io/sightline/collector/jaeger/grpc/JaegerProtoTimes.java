package io.sightline.collector.jaeger.grpc;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.sightline.collector.InvalidSpansException;

/**
 * Protobuf Timestamp and Duration to model nanoseconds, truncated to whole microseconds: Jaeger
 * stores microseconds, so a span read back through any API (including the nanosecond OTLP one)
 * shows the same times Jaeger would.
 */
final class JaegerProtoTimes {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;

    private JaegerProtoTimes() {}

    /**
     * Nanoseconds since the Unix epoch, a multiple of 1000. An unset timestamp is the epoch;
     * one before it is refused, as no tracer produces it and time-partitioned stores cannot
     * place it.
     */
    static long epochNanos(Timestamp timestamp, String path) {
        int nanos = timestamp.getNanos();
        if (nanos < 0 || nanos >= NANOS_PER_SECOND) {
            throw new InvalidSpansException(path + ".nanos: " + nanos + " (expected: 0..999999999)");
        }
        if (timestamp.getSeconds() < 0) {
            throw new InvalidSpansException(path + ".seconds: " + timestamp.getSeconds() + " (expected: >= 0, not before 1970)");
        }
        return truncateToMicros(totalNanos(timestamp.getSeconds(), nanos, path));
    }

    /** Length in nanoseconds, a multiple of 1000, never negative. */
    static long durationNanos(Duration duration, String path) {
        int nanos = duration.getNanos();
        if (nanos <= -NANOS_PER_SECOND || nanos >= NANOS_PER_SECOND) {
            throw new InvalidSpansException(path + ".nanos: " + nanos + " (expected: -999999999..999999999)");
        }
        long total = totalNanos(duration.getSeconds(), nanos, path);
        if (total < 0) {
            throw new InvalidSpansException(path + ": " + total + " ns (expected: >= 0)");
        }
        return truncateToMicros(total);
    }

    private static long totalNanos(long seconds, int nanos, String path) {
        try {
            return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), nanos);
        } catch (ArithmeticException e) {
            throw new InvalidSpansException(path + ".seconds: " + seconds + " is out of range (expected: at most 9223372036)");
        }
    }

    /** Only called with non-negative values, so truncation is flooring. */
    private static long truncateToMicros(long nanos) {
        return nanos - nanos % NANOS_PER_MICRO;
    }
}

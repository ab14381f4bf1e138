package io.sightline.collector.zipkin;

import io.sightline.collector.InvalidSpansException;
import java.util.List;
import zipkin2.Annotation;
import zipkin2.Span;

/**
 * Start and duration of a Zipkin span, filled in where the sender left them out the way
 * Jaeger's Zipkin sanitizers do. The codecs already turn absent, zero and negative values into
 * "absent" and derive them from v1 core annotations, so only v2-style gaps remain here.
 */
final class ZipkinTimestamps {
    /** Jaeger's duration for a span whose duration cannot be derived. */
    static final long DEFAULT_DURATION_MICROS = 1;
    private static final long NANOS_PER_MICRO = 1_000;

    final long startEpochNanos;
    final long durationNanos;

    private ZipkinTimestamps(long startEpochNanos, long durationNanos) {
        this.startEpochNanos = startEpochNanos;
        this.durationNanos = durationNanos;
    }

    /**
     * Timestamp: the span's; else a {@code cs} annotation's; else an {@code sr} annotation's
     * when the span is a root. Duration: the span's; else last minus first annotation (the
     * {@code cs}/{@code cr} pair preferred as the ends), which also supplies a still-missing
     * timestamp; else {@value #DEFAULT_DURATION_MICROS} µs. A span with no timestamp and no
     * annotation starts at the epoch, as in Jaeger.
     *
     * @param spanIndex where the span is in the request, for error messages
     */
    static ZipkinTimestamps of(Span span, int spanIndex) {
        long timestampMicros = span.timestampAsLong();
        List<Annotation> annotations = span.annotations();
        if (timestampMicros == 0) {
            timestampMicros = annotationTimestamp(annotations, "cs");
        }
        if (timestampMicros == 0 && span.parentId() == null) {
            timestampMicros = annotationTimestamp(annotations, "sr");
        }
        long durationMicros = span.durationAsLong();
        if (durationMicros == 0) {
            durationMicros = DEFAULT_DURATION_MICROS;
            if (!annotations.isEmpty()) {
                long first = annotations.get(0).timestamp();
                long last = annotations.get(annotations.size() - 1).timestamp();
                for (Annotation annotation : annotations) {
                    if (annotation.value().equals("cs")) {
                        first = annotation.timestamp();
                    } else if (annotation.value().equals("cr")) {
                        last = annotation.timestamp();
                    }
                }
                if (last > first) {
                    durationMicros = last - first;
                }
                if (timestampMicros == 0) {
                    timestampMicros = first;
                }
            }
        }
        return new ZipkinTimestamps(toNanos(timestampMicros, spanIndex, ".timestamp"),
                toNanos(durationMicros, spanIndex, ".duration"));
    }

    private static long annotationTimestamp(List<Annotation> annotations, String value) {
        for (Annotation annotation : annotations) {
            if (annotation.value().equals(value)) {
                return annotation.timestamp();
            }
        }
        return 0;
    }

    /**
     * @param field the span's field, after its place in the request ({@code spans[3]}) in an
     *     error message; a constant, so that the message costs nothing until it is needed
     */
    static long toNanos(long micros, int spanIndex, String field) {
        if (!inRange(micros)) {
            throw outOfRange(ZipkinSpanDecoder.path(spanIndex) + field, micros);
        }
        return micros * NANOS_PER_MICRO;
    }

    static long annotationToNanos(long micros, int spanIndex, int annotationIndex) {
        if (!inRange(micros)) {
            throw outOfRange(ZipkinSpanDecoder.path(spanIndex) + ".annotations[" + annotationIndex + "].timestamp", micros);
        }
        return micros * NANOS_PER_MICRO;
    }

    private static boolean inRange(long micros) {
        return micros >= 0 && micros <= Long.MAX_VALUE / NANOS_PER_MICRO;
    }

    private static InvalidSpansException outOfRange(String path, long micros) {
        return new InvalidSpansException(path + ": " + micros
                + " µs is out of range (expected: 0 to " + Long.MAX_VALUE / NANOS_PER_MICRO + ")");
    }
}

package io.sightline.core.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** All stored spans of one trace, in storage order (start time, then span ID). */
public record Trace(TraceId traceId, List<Span> spans) {
    /** The order every store returns a trace's spans in: start time, then span ID (unsigned). */
    public static final Comparator<Span> STORAGE_ORDER = Comparator.comparingLong(Span::startEpochNanos)
            .thenComparing(Span::spanId, Long::compareUnsigned);

    public Trace {
        Objects.requireNonNull(traceId, "traceId");
        spans = List.copyOf(spans);
        if (spans.isEmpty()) {
            throw new IllegalArgumentException("a trace has at least one span");
        }
    }
}

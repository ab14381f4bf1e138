package io.sightline.core.model;

import java.util.List;
import java.util.Objects;

/** All stored spans of one trace, in storage order (start time, then span ID). */
public record Trace(TraceId traceId, List<Span> spans) {
    public Trace {
        Objects.requireNonNull(traceId, "traceId");
        spans = List.copyOf(spans);
        if (spans.isEmpty()) {
            throw new IllegalArgumentException("a trace has at least one span");
        }
    }
}

package io.sightline.core.model;

import java.util.List;
import java.util.Objects;

/** A timestamped event on a span (a Jaeger log). */
public record SpanEvent(long epochNanos, String name, List<Attribute> attributes) {
    public SpanEvent {
        Objects.requireNonNull(name, "name");
        attributes = List.copyOf(attributes);
    }
}

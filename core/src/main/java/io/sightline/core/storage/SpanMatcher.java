package io.sightline.core.storage;

import io.sightline.core.model.Span;

/** Whether one span satisfies every condition of a {@link TraceQuery}; the reference semantics. */
public final class SpanMatcher {
    private SpanMatcher() {}

    public static boolean matches(TraceQuery query, Span span) {
        long startMicros = span.startEpochMicros();
        if (startMicros < query.startMinEpochMicros() || startMicros > query.startMaxEpochMicros()) {
            return false;
        }
        long durationMicros = span.durationMicros();
        if (durationMicros < query.durationMinMicros() || durationMicros > query.durationMaxMicros()) {
            return false;
        }
        if (!span.serviceName().equals(query.serviceName())) {
            return false;
        }
        if (query.operationName() != null && !span.name().equals(query.operationName())) {
            return false;
        }
        return SearchableTags.containsAll(span, query.tags());
    }
}

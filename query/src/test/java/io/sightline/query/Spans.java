package io.sightline.query;

import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import java.util.List;

/** Small span fixtures for tests. */
final class Spans {
    static final TraceId TRACE_128 = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
    static final Resource FRONTEND = new Resource("frontend", List.of());

    private Spans() {}

    /** A minimal span: root, no flags, no tags, 1 µs at 1 µs after the epoch. */
    static Span.Builder span(TraceId traceId, long spanId) {
        return Span.builder()
                .traceId(traceId)
                .spanId(spanId)
                .name("op")
                .startEpochNanos(1_000)
                .durationNanos(1_000)
                .resource(FRONTEND);
    }
}

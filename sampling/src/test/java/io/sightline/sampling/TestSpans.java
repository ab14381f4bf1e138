package io.sightline.sampling;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.TraceId;
import java.util.List;

/** Spans as storage hands them to listeners. */
final class TestSpans {
    private TestSpans() {}

    static Span root(String service, String operation, Attribute... attributes) {
        return span(service, operation, 0, attributes);
    }

    static Span span(String service, String operation, long parentSpanId, Attribute... attributes) {
        return Span.builder().traceId(TraceId.of(1, 2)).spanId(3).parentSpanId(parentSpanId).name(operation)
                .kind(SpanKind.SERVER).startEpochNanos(1_000).durationNanos(10)
                .attributes(List.of(attributes)).resource(new Resource(service, List.of()))
                .build();
    }
}

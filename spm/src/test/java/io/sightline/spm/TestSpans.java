package io.sightline.spm;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.util.List;

/** Spans for the SPM tests. */
final class TestSpans {
    static final long START_NANOS = 1_700_000_000_000_000_000L;

    private TestSpans() {}

    static Span span(String service, String name, SpanKind kind, StatusCode status, double durationMs) {
        return span(service, name, kind, status, durationMs, List.of());
    }

    static Span span(String service, String name, SpanKind kind, StatusCode status, double durationMs,
                     List<Attribute> attributes) {
        return Span.builder()
                .traceId(TraceId.of(0x1234L, 0xabcdL))
                .spanId(0x42L)
                .name(name)
                .kind(kind)
                .startEpochNanos(START_NANOS)
                .durationNanos(Math.round(durationMs * 1e6))
                .status(status, "")
                .attributes(attributes)
                .resource(new Resource(service, List.of(Attribute.of("deployment.environment", "prod"))))
                .build();
    }
}

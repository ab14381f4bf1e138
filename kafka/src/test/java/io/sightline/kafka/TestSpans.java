package io.sightline.kafka;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.util.List;

/** Spans using every field the Jaeger Kafka format can carry, with microsecond times as Jaeger stores them. */
public final class TestSpans {
    private TestSpans() {}

    public static Span rich(TraceId traceId, long spanId, String service) {
        return Span.builder()
                .traceId(traceId)
                .spanId(spanId)
                .parentSpanId(0x1111L)
                .traceState("vendor=x")
                .flags(1)
                .name("GET /orders")
                .kind(SpanKind.SERVER)
                .startEpochNanos(1_700_000_000_123_456_000L)
                .durationNanos(2_500_000_000L)
                .attributes(List.of(Attribute.of("http.status_code", 500L), Attribute.of("cache.hit", false),
                        Attribute.of("ratio", 0.25), new Attribute("blob", AttributeValue.of(new byte[] {1, 2, (byte) 0xff})),
                        Attribute.of("peer.service", "db")))
                .events(List.of(new SpanEvent(1_700_000_000_200_000_000L, "retry", List.of(Attribute.of("attempt", 2L))),
                        new SpanEvent(1_700_000_000_300_000_000L, "", List.of(Attribute.of("message", "no name")))))
                .links(List.of(new SpanLink(TraceId.of(0, 0x42L), 0x43L, "",
                        List.of(Attribute.of(SpanLink.REF_TYPE_KEY, "follows_from")))))
                .status(StatusCode.ERROR, "boom")
                .resource(new Resource(service, List.of(Attribute.of("host.name", "h1"), Attribute.of("pid", 7L))))
                .scope(new InstrumentationScope("io.opentelemetry.okhttp", "1.2.3"))
                .build();
    }

    public static Span simple(TraceId traceId, long spanId, String service, String name) {
        return Span.builder()
                .traceId(traceId)
                .spanId(spanId)
                .name(name)
                .kind(SpanKind.CLIENT)
                .startEpochNanos(1_700_000_000_000_000_000L + spanId * 1_000)
                .durationNanos(1_000_000)
                .resource(new Resource(service, List.of()))
                .build();
    }
}

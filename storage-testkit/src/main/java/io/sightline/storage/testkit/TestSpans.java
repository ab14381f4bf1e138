package io.sightline.storage.testkit;

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

/** Realistic spans for storage tests: every field of the model set, every attribute type used. */
public final class TestSpans {
    /** 2026-11-28T12:00:00Z in nanoseconds: a fixed, recent start time. */
    public static final long BASE_EPOCH_NANOS = 1_795_867_200_000_000_000L;

    public static final Resource FRONTEND = new Resource("frontend", List.of(
            Attribute.of("host.name", "web-1"), Attribute.of("process.pid", 4242L)));
    public static final Resource MYSQL = new Resource("mysql", List.of(Attribute.of("db.system", "mysql")));

    private TestSpans() {}

    /** A span with every field set and every attribute type, as a server span of {@link #FRONTEND}. */
    public static Span rich(TraceId traceId, long spanId, long parentSpanId, long startOffsetNanos) {
        return Span.builder()
                .traceId(traceId)
                .spanId(spanId)
                .parentSpanId(parentSpanId)
                .traceState("vendor=abc")
                .flags(1)
                .name("GET /dispatch")
                .kind(SpanKind.SERVER)
                .startEpochNanos(BASE_EPOCH_NANOS + startOffsetNanos)
                .durationNanos(153_000_123L)
                .attributes(List.of(
                        Attribute.of("http.method", "GET"),
                        Attribute.of("http.status_code", 200L),
                        Attribute.of("big", Long.MIN_VALUE),
                        Attribute.of("ratio", 0.25),
                        Attribute.of("cache.hit", true),
                        new Attribute("payload", AttributeValue.of(new byte[] {1, 2, 3, (byte) 0xff})),
                        new Attribute("list", new AttributeValue.ArrayValue(List.of(AttributeValue.of("a"), AttributeValue.of(2L)))),
                        new Attribute("map", new AttributeValue.MapValue(List.of(Attribute.of("k", "v")))),
                        new Attribute("empty", AttributeValue.Empty.INSTANCE),
                        Attribute.of("unicode", "héllo ✓")))
                .events(List.of(new SpanEvent(BASE_EPOCH_NANOS + startOffsetNanos + 5_000, "cache miss",
                        List.of(Attribute.of("retry", 1L)))))
                .links(List.of(new SpanLink(TraceId.of(7, 8), 9, "k=v", List.of(Attribute.of("opentracing.ref_type", "follows_from")))))
                .status(StatusCode.ERROR, "boom")
                .resource(FRONTEND)
                .scope(new InstrumentationScope("io.example.http", "1.2.3"))
                .build();
    }

    /** A minimal span: only what a span must have. */
    public static Span simple(TraceId traceId, long spanId, Resource resource, String name, SpanKind kind, long startOffsetNanos) {
        return Span.builder()
                .traceId(traceId)
                .spanId(spanId)
                .name(name)
                .kind(kind)
                .startEpochNanos(BASE_EPOCH_NANOS + startOffsetNanos)
                .durationNanos(1_000_000)
                .resource(resource)
                .build();
    }
}

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
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic spans for storage tests, shaped like the HotROD demo: a {@code frontend} that calls
 * {@code customer}, {@code driver}, {@code route}, which call {@code mysql} and {@code redis}.
 * Start with {@link #span(TraceId, long)} and change what the test is about, or take a
 * ready-made {@link #everyField} span or a whole {@link #trace}.
 */
public final class TestSpans {
    /** 2026-11-28T12:00:00Z in nanoseconds since the epoch: a fixed, recent start time. */
    public static final long BASE_EPOCH_NANOS = 1_795_867_200_000_000_000L;
    /** One day in nanoseconds. */
    public static final long DAY_NANOS = 86_400_000_000_000L;

    public static final Resource FRONTEND = resource("frontend", "web-1", 4242);
    public static final Resource CUSTOMER = resource("customer", "app-1", 81);
    public static final Resource DRIVER = resource("driver", "app-2", 97);
    public static final Resource ROUTE = resource("route", "app-3", 113);
    public static final Resource MYSQL = resource("mysql", "db-1", 1);
    public static final Resource REDIS = resource("redis", "cache-1", 7);

    /** A resource whose attributes use every value type. */
    public static final Resource EVERY_TYPE_RESOURCE = new Resource("frontend", everyAttributeType());

    private static final InstrumentationScope HTTP_SCOPE =
            new InstrumentationScope("io.opentelemetry.okhttp-3.0", "2.11.0-alpha");

    private TestSpans() {}

    /** {@link #BASE_EPOCH_NANOS} plus an offset. */
    public static long at(long offsetNanos) {
        return BASE_EPOCH_NANOS + offsetNanos;
    }

    /**
     * A sampled 1 ms {@code frontend} server span starting at {@link #BASE_EPOCH_NANOS}, as a
     * builder: set what the test is about and {@code build()}.
     */
    public static Span.Builder span(TraceId traceId, long spanId) {
        return Span.builder()
                .traceId(traceId)
                .spanId(spanId)
                .flags(1)
                .name("HTTP GET /dispatch")
                .kind(SpanKind.SERVER)
                .startEpochNanos(BASE_EPOCH_NANOS)
                .durationNanos(1_000_000)
                .addAttribute(Attribute.of("http.request.method", "GET"))
                .addAttribute(Attribute.of("http.response.status_code", 200L))
                .resource(FRONTEND)
                .scope(HTTP_SCOPE);
    }

    /**
     * A span with every field of the model set to a non-default value: trace state, flags with
     * bits beyond "sampled", a parent, sub-microsecond start and duration, attributes of every
     * type, events (one without attributes), links (one to another trace with trace state and
     * attributes, one into the same trace with neither), an error status with a message, a
     * resource whose attributes use every type, and a scope.
     */
    public static Span everyField(TraceId traceId, long spanId, long parentSpanId, long startOffsetNanos) {
        long start = at(startOffsetNanos) + 123;
        return Span.builder()
                .traceId(traceId)
                .spanId(spanId)
                .parentSpanId(parentSpanId)
                .traceState("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
                .flags(0x301)
                .name("HTTP GET /dispatch")
                .kind(SpanKind.SERVER)
                .startEpochNanos(start)
                .durationNanos(153_000_789L)
                .attributes(everyAttributeType())
                .events(List.of(
                        new SpanEvent(start + 5_001, "exception", List.of(
                                Attribute.of("exception.type", "java.net.ConnectException"),
                                Attribute.of("exception.escaped", false),
                                Attribute.of("retry", 1L))),
                        new SpanEvent(start + 153_000_000, "done", List.of())))
                .links(List.of(
                        new SpanLink(TraceId.of(0x7a, 0x8b), 0x9c, "vendor=x",
                                List.of(Attribute.of(SpanLink.REF_TYPE_KEY, "follows_from"), Attribute.of("weight", 0.5))),
                        new SpanLink(traceId, 0x1234_5678_9abc_def0L, "", List.of())))
                .status(StatusCode.ERROR, "connection refused: ✗")
                .resource(EVERY_TYPE_RESOURCE)
                .scope(HTTP_SCOPE)
                .build();
    }

    /**
     * Attributes with every value type and its edge cases: empty and non-ASCII strings, both
     * booleans, integer and floating-point extremes (including NaN and negative zero), empty and
     * non-empty binary, nested arrays and maps, empty arrays and maps, and an empty value.
     */
    public static List<Attribute> everyAttributeType() {
        AttributeValue nestedMap = new AttributeValue.MapValue(List.of(
                Attribute.of("inner", "v"),
                new Attribute("deeper", new AttributeValue.MapValue(List.of(Attribute.of("n", 1L))))));
        return List.of(
                Attribute.of("string", "GET"),
                Attribute.of("string.empty", ""),
                Attribute.of("string.unicode", "héllo ✓ 日本 🚀 \u0000 end"),
                Attribute.of("bool.true", true),
                Attribute.of("bool.false", false),
                Attribute.of("int.zero", 0L),
                Attribute.of("int.negative", -1L),
                Attribute.of("int.min", Long.MIN_VALUE),
                Attribute.of("int.max", Long.MAX_VALUE),
                Attribute.of("double", 72.5),
                Attribute.of("double.negative.zero", -0.0),
                Attribute.of("double.nan", Double.NaN),
                Attribute.of("double.infinity", Double.NEGATIVE_INFINITY),
                Attribute.of("double.min", Double.MIN_VALUE),
                new Attribute("binary", AttributeValue.of(new byte[] {0, 1, 2, (byte) 0x80, (byte) 0xff})),
                new Attribute("binary.empty", AttributeValue.of(new byte[0])),
                new Attribute("array", new AttributeValue.ArrayValue(List.of(
                        AttributeValue.of("a"), AttributeValue.of(2L), AttributeValue.of(true), AttributeValue.of(1.5),
                        AttributeValue.of(new byte[] {9}), AttributeValue.Empty.INSTANCE,
                        new AttributeValue.ArrayValue(List.of(AttributeValue.of("nested"))), nestedMap))),
                new Attribute("array.empty", new AttributeValue.ArrayValue(List.of())),
                new Attribute("map", nestedMap),
                new Attribute("map.empty", new AttributeValue.MapValue(List.of())),
                new Attribute("empty", AttributeValue.Empty.INSTANCE),
                Attribute.of("", "empty key"));
    }

    /**
     * A whole trace of {@code spanCount} spans: span IDs 1..spanCount, span 1 the
     * {@code frontend} root, span {@code i}'s parent {@code i / 2}, each span starting
     * {@code spacingNanos} after the previous one, services and kinds cycling through the
     * HotROD call graph.
     */
    public static List<Span> trace(TraceId traceId, int spanCount, long spacingNanos) {
        Resource[] services = {FRONTEND, CUSTOMER, MYSQL, DRIVER, REDIS, ROUTE};
        String[] names = {"HTTP GET /dispatch", "HTTP GET /customer", "SQL SELECT", "/driver.DriverService/FindNearest",
            "GetDriver", "HTTP GET /route"};
        SpanKind[] kinds = {SpanKind.SERVER, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.SERVER, SpanKind.CLIENT,
            SpanKind.INTERNAL};
        List<Span> spans = new ArrayList<>(spanCount);
        for (int i = 1; i <= spanCount; i++) {
            int service = i == 1 ? 0 : 1 + i % (services.length - 1);
            spans.add(span(traceId, i)
                    .parentSpanId(i / 2)
                    .resource(services[service])
                    .name(names[service])
                    .kind(kinds[service])
                    .startEpochNanos(at((i - 1) * spacingNanos))
                    .durationNanos(spacingNanos / 2 + i)
                    .build());
        }
        return spans;
    }

    private static Resource resource(String service, String host, long pid) {
        return new Resource(service, List.of(
                Attribute.of("host.name", host),
                Attribute.of("process.pid", pid),
                Attribute.of("telemetry.sdk.language", "java"),
                Attribute.of("telemetry.sdk.name", "opentelemetry"),
                Attribute.of("telemetry.sdk.version", "1.58.0")));
    }
}

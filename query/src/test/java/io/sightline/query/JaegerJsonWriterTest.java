package io.sightline.query;

import static io.sightline.query.Json.compact;
import static io.sightline.query.Spans.FRONTEND;
import static io.sightline.query.Spans.TRACE_128;
import static io.sightline.query.Spans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import java.util.List;
import org.junit.jupiter.api.Test;

class JaegerJsonWriterTest {

    @Test
    void writeTrace_reproducesSpecExample() {
        // The spec's span.kind tag comes first, as a Jaeger-native client sends it: here it is an
        // attribute of a span with no OTLP kind, so no second span.kind tag is derived.
        Span dispatch = Span.builder()
                .traceId(TRACE_128)
                .spanId(0x00f067aa0ba902b7L)
                .flags(1)
                .name("GET /dispatch")
                .startEpochNanos(1_700_000_000_000_000_000L)
                .durationNanos(153_000_000L)
                .attributes(List.of(
                        Attribute.of("span.kind", "server"),
                        Attribute.of("http.status_code", 200L),
                        Attribute.of("big.id", 9007199254740993L)))
                .addEvent(new SpanEvent(1_700_000_000_005_000_000L, "cache miss",
                        List.of(Attribute.of("retry", 1L))))
                .resource(new Resource("frontend", List.of(
                        Attribute.of("ip", "10.0.0.5"), Attribute.of("hostname", "web-1"))))
                .build();
        Span select = Span.builder()
                .traceId(TRACE_128)
                .spanId(0x53995c3f42cd8ad8L)
                .parentSpanId(0x00f067aa0ba902b7L)
                .flags(1)
                .name("SELECT")
                .startEpochNanos(1_700_000_000_010_000_000L)
                .durationNanos(42_000_000L)
                .attributes(List.of(
                        Attribute.of("error", true),
                        new Attribute("payload", AttributeValue.of(new byte[] {1, 2, 3}))))
                .resource(new Resource("mysql", List.of()))
                .build();

        String json = Json.trace(new Trace(TRACE_128, List.of(dispatch, select)));

        assertThat(json).isEqualTo(compact("""
                {"traceID":"4bf92f3577b34da6a3ce929d0e0e4736",
                  "spans":[
                   {"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"00f067aa0ba902b7","flags":1,
                    "operationName":"GET /dispatch","references":[],"startTime":1700000000000000,"duration":153000,
                    "tags":[{"key":"span.kind","type":"string","value":"server"},
                            {"key":"http.status_code","type":"int64","value":200},
                            {"key":"big.id","type":"int64","value":"9007199254740993"}],
                    "logs":[{"timestamp":1700000000005000,"fields":[{"key":"event","type":"string","value":"cache miss"},
                                                                      {"key":"retry","type":"int64","value":1}]}],
                    "processID":"p1","warnings":null},
                   {"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"53995c3f42cd8ad8","flags":1,
                    "operationName":"SELECT","references":[{"refType":"CHILD_OF","traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"00f067aa0ba902b7"}],
                    "startTime":1700000000010000,"duration":42000,
                    "tags":[{"key":"error","type":"bool","value":true},{"key":"payload","type":"binary","value":"AQID"}],
                    "logs":[],"processID":"p2","warnings":null}],
                  "processes":{"p1":{"serviceName":"frontend","tags":[{"key":"hostname","type":"string","value":"web-1"},{"key":"ip","type":"string","value":"10.0.0.5"}]},
                               "p2":{"serviceName":"mysql","tags":[]}},
                  "warnings":null}
                """));
    }

    @Test
    void int64_beyondSafeIntegerRange_isWrittenAsDecimalString() {
        String tags = tagsOf(span(TRACE_128, 1).attributes(List.of(
                Attribute.of("max.safe", 9007199254740991L),
                Attribute.of("above", 9007199254740992L),
                Attribute.of("min.safe", -9007199254740991L),
                Attribute.of("below", -9007199254740992L),
                Attribute.of("max", Long.MAX_VALUE))).build());

        assertThat(tags).isEqualTo(compact("""
                [{"key":"max.safe","type":"int64","value":9007199254740991},
                 {"key":"above","type":"int64","value":"9007199254740992"},
                 {"key":"min.safe","type":"int64","value":-9007199254740991},
                 {"key":"below","type":"int64","value":"-9007199254740992"},
                 {"key":"max","type":"int64","value":"9223372036854775807"}]
                """));
    }

    @Test
    void float64_isGoFormattedNumberAndNonFiniteIsString() {
        String tags = tagsOf(span(TRACE_128, 1).attributes(List.of(
                Attribute.of("whole", 200.0),
                Attribute.of("half", 0.5),
                Attribute.of("nan", Double.NaN),
                Attribute.of("inf", Double.POSITIVE_INFINITY),
                Attribute.of("neg.inf", Double.NEGATIVE_INFINITY))).build());

        assertThat(tags).isEqualTo(compact("""
                [{"key":"whole","type":"float64","value":200},
                 {"key":"half","type":"float64","value":0.5},
                 {"key":"nan","type":"float64","value":"NaN"},
                 {"key":"inf","type":"float64","value":"+Inf"},
                 {"key":"neg.inf","type":"float64","value":"-Inf"}]
                """));
    }

    @Test
    void binaryArrayMapAndEmptyValues_areBase64AndJsonStrings() {
        AttributeValue array = new AttributeValue.ArrayValue(
                List.of(AttributeValue.of("a"), AttributeValue.of(1L), AttributeValue.of(true)));
        AttributeValue map = new AttributeValue.MapValue(List.of(Attribute.of("k", "v")));
        String tags = tagsOf(span(TRACE_128, 1).attributes(List.of(
                new Attribute("bytes", AttributeValue.of(new byte[] {(byte) 0xff, 0, 1, 2})),
                new Attribute("array", array),
                new Attribute("map", map),
                new Attribute("empty", AttributeValue.Empty.INSTANCE))).build());

        assertThat(tags).isEqualTo(compact("""
                [{"key":"bytes","type":"binary","value":"/wABAg=="},
                 {"key":"array","type":"string","value":"[\\"a\\",1,true]"},
                 {"key":"map","type":"string","value":"{\\"k\\":\\"v\\"}"},
                 {"key":"empty","type":"string","value":""}]
                """));
    }

    @Test
    void tags_followAttributesWithKindStatusAndTraceStateInTranslatorOrder() {
        String tags = tagsOf(span(TRACE_128, 1)
                .attributes(List.of(Attribute.of("http.method", "GET")))
                .kind(SpanKind.CLIENT)
                .status(StatusCode.ERROR, "connection refused")
                .traceState("vendor=1")
                .build());

        assertThat(tags).isEqualTo(compact("""
                [{"key":"http.method","type":"string","value":"GET"},
                 {"key":"span.kind","type":"string","value":"client"},
                 {"key":"otel.status_code","type":"string","value":"ERROR"},
                 {"key":"error","type":"bool","value":true},
                 {"key":"otel.status_description","type":"string","value":"connection refused"},
                 {"key":"w3c.tracestate","type":"string","value":"vendor=1"}]
                """));
    }

    @Test
    void tags_statusOkHasNoErrorTagAndUnsetOrUnspecifiedAddNothing() {
        assertThat(tagsOf(span(TRACE_128, 1).kind(SpanKind.SERVER).status(StatusCode.OK, "").build()))
                .isEqualTo(compact("""
                        [{"key":"span.kind","type":"string","value":"server"},
                         {"key":"otel.status_code","type":"string","value":"OK"}]
                        """));
        assertThat(tagsOf(span(TRACE_128, 1).build())).isEqualTo("[]");
    }

    @Test
    void references_parentFirstThenLinksByRefType() {
        TraceId other = TraceId.fromHex("abc");
        Span child = span(TRACE_128, 2)
                .parentSpanId(1)
                .links(List.of(
                        new SpanLink(other, 3, "", List.of()),
                        new SpanLink(TRACE_128, 4, "", List.of(Attribute.of(SpanLink.REF_TYPE_KEY, "child_of"))),
                        new SpanLink(TRACE_128, 5, "", List.of(Attribute.of(SpanLink.REF_TYPE_KEY, "follows_from")))))
                .build();

        assertThat(field(Json.trace(new Trace(TRACE_128, List.of(child))), "references")).isEqualTo(compact("""
                [{"refType":"CHILD_OF","traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"0000000000000001"},
                 {"refType":"FOLLOWS_FROM","traceID":"0000000000000abc","spanID":"0000000000000003"},
                 {"refType":"CHILD_OF","traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"0000000000000004"},
                 {"refType":"FOLLOWS_FROM","traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"0000000000000005"}]
                """));
    }

    @Test
    void flags_omittedWhenZeroAndWrittenUnsignedOtherwise() {
        String json = Json.trace(new Trace(TRACE_128, List.of(
                span(TRACE_128, 1).build(),
                span(TRACE_128, 2).flags(0x80000001).build())));

        assertThat(json).contains("\"spanID\":\"0000000000000001\",\"operationName\"")
                .contains("\"spanID\":\"0000000000000002\",\"flags\":2147483649,\"operationName\"");
    }

    @Test
    void traceIds_64BitRenderAs16CharsAnd128BitAs32() {
        TraceId short64 = TraceId.of(0, 0xabcL);
        TraceId long128 = TraceId.of(1, 0xabcL);

        assertThat(Json.trace(new Trace(short64, List.of(span(short64, 0xf).build()))))
                .startsWith("{\"traceID\":\"0000000000000abc\",\"spans\":[{\"traceID\":\"0000000000000abc\","
                        + "\"spanID\":\"000000000000000f\"");
        assertThat(Json.trace(new Trace(long128, List.of(span(long128, 1).build()))))
                .startsWith("{\"traceID\":\"00000000000000010000000000000abc\",\"spans\":[{\"traceID\":"
                        + "\"00000000000000010000000000000abc\"");
    }

    @Test
    void traceId_isTakenFromFirstSpan() {
        TraceId first = TraceId.of(0, 0x2);
        String json = Json.trace(new Trace(TraceId.of(0, 0x1), List.of(span(first, 1).build())));

        assertThat(json).startsWith("{\"traceID\":\"0000000000000002\"");
    }

    @Test
    void times_areMicrosecondsTruncated() {
        Span span = span(TRACE_128, 1)
                .startEpochNanos(1_700_000_000_123_456_789L)
                .durationNanos(1_999)
                .addEvent(new SpanEvent(1_700_000_000_123_457_999L, "", List.of(Attribute.of("k", "v"))))
                .build();

        String json = Json.trace(new Trace(TRACE_128, List.of(span)));

        assertThat(json).contains("\"startTime\":1700000000123456,\"duration\":1,")
                .contains("\"logs\":[{\"timestamp\":1700000000123457,"
                        + "\"fields\":[{\"key\":\"k\",\"type\":\"string\",\"value\":\"v\"}]}]");
    }

    @Test
    void processes_equalServiceAndTagsShareKeyNumberedByFirstAppearance() {
        Resource backendA = new Resource("backend", List.of(Attribute.of("host", "a")));
        Resource backendAgain = new Resource("backend", List.of(Attribute.of("host", "a")));
        Resource backendB = new Resource("backend", List.of(Attribute.of("host", "b")));
        String json = Json.trace(new Trace(TRACE_128, List.of(
                span(TRACE_128, 1).resource(backendA).build(),
                span(TRACE_128, 2).resource(FRONTEND).build(),
                span(TRACE_128, 3).resource(backendAgain).build(),
                span(TRACE_128, 4).resource(backendB).build(),
                span(TRACE_128, 5).resource(FRONTEND).build())));

        assertThat(json).containsSubsequence(
                "\"processID\":\"p1\"", "\"processID\":\"p2\"", "\"processID\":\"p1\"",
                "\"processID\":\"p3\"", "\"processID\":\"p2\"");
        assertThat(json).endsWith(compact("""
                "processes":{
                  "p1":{"serviceName":"backend","tags":[{"key":"host","type":"string","value":"a"}]},
                  "p2":{"serviceName":"frontend","tags":[]},
                  "p3":{"serviceName":"backend","tags":[{"key":"host","type":"string","value":"b"}]}},
                "warnings":null}
                """));
    }

    @Test
    void processes_scopeBecomesProcessTagsSortedWithResourceTags() {
        Resource resource = new Resource("svc", List.of(Attribute.of("zone", "z1"), Attribute.of("host", "h")));
        String json = Json.trace(new Trace(TRACE_128, List.of(
                span(TRACE_128, 1).resource(resource).scope(new InstrumentationScope("io.lib", "1.2")).build(),
                span(TRACE_128, 2).resource(resource).scope(new InstrumentationScope("io.lib", "")).build(),
                span(TRACE_128, 3).resource(resource).build())));

        assertThat(json).doesNotContain("\"tags\":[{\"key\":\"otel.scope")
                .endsWith(compact("""
                "processes":{
                  "p1":{"serviceName":"svc","tags":[
                    {"key":"host","type":"string","value":"h"},
                    {"key":"otel.scope.name","type":"string","value":"io.lib"},
                    {"key":"otel.scope.version","type":"string","value":"1.2"},
                    {"key":"zone","type":"string","value":"z1"}]},
                  "p2":{"serviceName":"svc","tags":[
                    {"key":"host","type":"string","value":"h"},
                    {"key":"otel.scope.name","type":"string","value":"io.lib"},
                    {"key":"zone","type":"string","value":"z1"}]},
                  "p3":{"serviceName":"svc","tags":[
                    {"key":"host","type":"string","value":"h"},
                    {"key":"zone","type":"string","value":"z1"}]}},
                "warnings":null}
                """));
    }

    @Test
    void processes_keysAreInGoMapOrder() {
        List<Span> spans = new java.util.ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            spans.add(span(TRACE_128, i).resource(new Resource("svc" + i, List.of())).build());
        }

        String json = Json.trace(new Trace(TRACE_128, spans));

        assertThat(json).containsSubsequence("\"p1\":{\"serviceName\":\"svc1\"",
                "\"p10\":{\"serviceName\":\"svc10\"", "\"p2\":{\"serviceName\":\"svc2\"",
                "\"p9\":{\"serviceName\":\"svc9\"");
    }

    @Test
    void logs_eventNameFirstThenFieldsSortedByKey() {
        Span span = span(TRACE_128, 1)
                .addEvent(new SpanEvent(5_000, "exception", List.of(
                        Attribute.of("exception.type", "IOException"), Attribute.of("a", 1L))))
                .build();

        assertThat(field(Json.trace(new Trace(TRACE_128, List.of(span))), "logs")).isEqualTo(compact("""
                [{"timestamp":5,"fields":[
                   {"key":"event","type":"string","value":"exception"},
                   {"key":"a","type":"int64","value":1},
                   {"key":"exception.type","type":"string","value":"IOException"}]}]
                """));
    }

    @Test
    void raw_keepsLogFieldOrderScopeOnTheSpanAndProcessTagsAsStored() {
        Resource resource = new Resource("svc", List.of(Attribute.of("z", "1"), Attribute.of("ip", 167772165L)));
        Span span = span(TRACE_128, 1)
                .resource(resource)
                .scope(new InstrumentationScope("lib", "1.0"))
                .addEvent(new SpanEvent(5_000, "e", List.of(Attribute.of("b", "x"), Attribute.of("a", "y"))))
                .build();
        AdjustableTrace trace = AdjustableTrace.of(new Trace(TRACE_128, List.of(span)));

        String raw = Json.render(g -> JaegerJsonWriter.writeTrace(g, trace, false));
        String adjusted = Json.render(g -> JaegerJsonWriter.writeTrace(g, trace, true));

        assertThat(field(raw, "fields")).isEqualTo(compact("""
                [{"key":"event","type":"string","value":"e"},{"key":"b","type":"string","value":"x"},
                 {"key":"a","type":"string","value":"y"}]"""));
        assertThat(field(raw, "tags")).isEqualTo(compact("""
                [{"key":"otel.scope.name","type":"string","value":"lib"},
                 {"key":"otel.scope.version","type":"string","value":"1.0"}]"""));
        assertThat(raw).contains(compact("""
                "p1":{"serviceName":"svc","tags":[{"key":"z","type":"string","value":"1"},
                      {"key":"ip","type":"int64","value":167772165}]}"""));
        assertThat(field(adjusted, "tags")).isEqualTo("[]");
        assertThat(adjusted).contains(compact("""
                "p1":{"serviceName":"svc","tags":[{"key":"ip","type":"string","value":"10.0.0.5"},
                      {"key":"otel.scope.name","type":"string","value":"lib"},
                      {"key":"otel.scope.version","type":"string","value":"1.0"},
                      {"key":"z","type":"string","value":"1"}]}"""));
    }

    @Test
    void adjusted_showsNumericPeerIpv4AsDottedQuad() {
        Span span = span(TRACE_128, 1).addAttribute(Attribute.of("peer.ipv4", 3232235777L)).build();

        assertThat(tagsOf(span)).isEqualTo("[{\"key\":\"peer.ipv4\",\"type\":\"string\",\"value\":\"192.168.1.1\"}]");
    }

    @Test
    void spanWarnings_areAnArrayWhenAnAdjusterAddedSomeAndNullOtherwise() {
        Span first = span(TRACE_128, 1).build();
        Span second = span(TRACE_128, 2).build();
        AdjustableTrace trace = AdjustableTrace.of(new Trace(TRACE_128, List.of(first, second)));
        trace.warn(1, "clock skew adjustment disabled; not applying calculated delta of 1ms");

        String json = Json.render(g -> JaegerJsonWriter.writeTrace(g, trace, true));

        assertThat(json).contains("\"processID\":\"p1\",\"warnings\":null}")
                .contains("\"warnings\":[\"clock skew adjustment disabled; not applying calculated delta of 1ms\"]}")
                .endsWith("\"warnings\":null}");
    }

    private static String tagsOf(Span span) {
        return field(Json.trace(new Trace(span.traceId(), List.of(span))), "tags");
    }

    /** The JSON text of the first span's array field {@code name}. */
    private static String field(String json, String name) {
        int start = json.indexOf("\"" + name + "\":[") + name.length() + 3;
        int depth = 0;
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                i = json.indexOf('"', i + 1);
                while (json.charAt(i - 1) == '\\') {
                    i = json.indexOf('"', i + 1);
                }
            } else if (c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                return json.substring(start, i + 1);
            }
        }
        throw new AssertionError("no field " + name + " in " + json);
    }
}

package io.sightline.collector.jaeger.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Log;
import io.jaegertracing.thriftjava.Process;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JaegerThriftSpanDecoderTest {
    private static final long TRACE_LOW = 0x1122334455667788L;

    private static io.jaegertracing.thriftjava.Span span() {
        return new io.jaegertracing.thriftjava.Span(TRACE_LOW, 0, 0xA, 0, "op", 1, 1_700_000_000_000_000L, 1_500);
    }

    private static Batch batch(io.jaegertracing.thriftjava.Span... spans) {
        return new Batch(new Process("svc"), new ArrayList<>(List.of(spans)));
    }

    private static Span decodeOne(io.jaegertracing.thriftjava.Span span) {
        List<Span> spans = JaegerThriftSpanDecoder.decode(batch(span));
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }

    private static Tag stringTag(String key, String value) {
        return new Tag(key, TagType.STRING).setVStr(value);
    }

    private static Tag boolTag(String key, boolean value) {
        return new Tag(key, TagType.BOOL).setVBool(value);
    }

    private static Attribute link(String refType) {
        return Attribute.of(SpanLink.REF_TYPE_KEY, refType);
    }

    @Test
    void basicFields_idsTimesFlagsAndName() {
        io.jaegertracing.thriftjava.Span thrift = span().setTraceIdHigh(-1L).setSpanId(-2L).setFlags(3);
        Span span = decodeOne(thrift);
        assertThat(span.traceId()).isEqualTo(TraceId.of(-1L, TRACE_LOW));
        assertThat(span.traceId().toHex()).isEqualTo("ffffffffffffffff1122334455667788");
        assertThat(span.spanId()).isEqualTo(-2L);
        assertThat(span.name()).isEqualTo("op");
        assertThat(span.flags()).isEqualTo(3);
        assertThat(span.startEpochNanos()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(span.startEpochMicros()).isEqualTo(1_700_000_000_000_000L);
        assertThat(span.durationNanos()).isEqualTo(1_500_000L);
        assertThat(span.isRoot()).isTrue();
        assertThat(span.kind()).isEqualTo(SpanKind.UNSPECIFIED);
        assertThat(span.statusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.traceState()).isEmpty();
        assertThat(span.attributes()).isEmpty();
        assertThat(span.events()).isEmpty();
        assertThat(span.links()).isEmpty();
    }

    @Test
    void traceIdHighZero_isA64BitTraceId() {
        Span span = decodeOne(span());
        assertThat(span.traceId().is64Bit()).isTrue();
        assertThat(span.traceId().toHex()).isEqualTo("1122334455667788");
    }

    @Test
    void process_givesServiceNameAndResourceAttributesToEverySpan() {
        Process process = new Process("frontend").setTags(List.of(stringTag("hostname", "h1"),
                new Tag("ip", TagType.LONG).setVLong(0x7f000001L)));
        List<Span> spans = JaegerThriftSpanDecoder.decode(new Batch(process, List.of(span(), span().setSpanId(0xB))));
        assertThat(spans).hasSize(2).allSatisfy(span -> {
            assertThat(span.serviceName()).isEqualTo("frontend");
            assertThat(span.resource().attributes())
                    .containsExactly(Attribute.of("hostname", "h1"), Attribute.of("ip", 0x7f000001L));
        });
    }

    @Test
    void emptyServiceName_becomesJaegersSanitizedName() {
        Span span = JaegerThriftSpanDecoder.decode(new Batch(new Process(""), List.of(span()))).get(0);
        assertThat(span.serviceName()).isEqualTo("empty-service-name");
    }

    @Test
    void missingProcess_becomesJaegersNullProcessName() {
        Span span = JaegerThriftSpanDecoder.decode(new Batch().setSpans(List.of(span()))).get(0);
        assertThat(span.serviceName()).isEqualTo("null-process-and-service-name");
    }

    @Test
    void tagsOfEveryType_keepTypeValueAndOrder() {
        io.jaegertracing.thriftjava.Span thrift = span().setTags(List.of(
                stringTag("s", "v"),
                new Tag("d", TagType.DOUBLE).setVDouble(2.5),
                boolTag("b", true),
                new Tag("l", TagType.LONG).setVLong(-42),
                new Tag("bin", TagType.BINARY).setVBinary(new byte[] {1, 2, 3}),
                new Tag("unsetString", TagType.STRING)));
        assertThat(decodeOne(thrift).attributes()).containsExactly(
                Attribute.of("s", "v"),
                Attribute.of("d", 2.5),
                Attribute.of("b", true),
                Attribute.of("l", -42L),
                new Attribute("bin", AttributeValue.of(new byte[] {1, 2, 3})),
                Attribute.of("unsetString", ""));
    }

    @Test
    void tagWithoutType_becomesJaegersUnknownVTypeString() {
        Span span = decodeOne(span().setTags(List.of(new Tag().setKey("k"))));
        assertThat(span.attributes().get(0).value().asString()).startsWith("Unknown VType: ");
    }

    @Test
    void spanKindTag_becomesKindAndLeavesTheTags() {
        for (SpanKind kind : List.of(SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER, SpanKind.INTERNAL)) {
            Span span = decodeOne(span().setTags(List.of(stringTag("a", "1"), stringTag("span.kind", kind.jaegerName()))));
            assertThat(span.kind()).isEqualTo(kind);
            assertThat(span.attributes()).containsExactly(Attribute.of("a", "1"));
        }
    }

    @Test
    void spanKindTagOfUnknownValueOrType_staysATag() {
        Span span = decodeOne(span().setTags(List.of(stringTag("span.kind", "Server"))));
        assertThat(span.kind()).isEqualTo(SpanKind.UNSPECIFIED);
        assertThat(span.attributes()).containsExactly(Attribute.of("span.kind", "Server"));
        Span typed = decodeOne(span().setTags(List.of(boolTag("span.kind", true))));
        assertThat(typed.kind()).isEqualTo(SpanKind.UNSPECIFIED);
        assertThat(typed.attributes()).containsExactly(Attribute.of("span.kind", true));
    }

    @Test
    void errorTrue_becomesErrorStatus() {
        Span span = decodeOne(span().setTags(List.of(boolTag("error", true), stringTag("x", "y"))));
        assertThat(span.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.statusMessage()).isEmpty();
        assertThat(span.attributes()).containsExactly(Attribute.of("x", "y"));
    }

    @Test
    void errorFalseOrErrorString_staysATagAndStatusUnset() {
        Span falseError = decodeOne(span().setTags(List.of(boolTag("error", false))));
        assertThat(falseError.statusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(falseError.attributes()).containsExactly(Attribute.of("error", false));
        Span stringError = decodeOne(span().setTags(List.of(stringTag("error", "true"))));
        assertThat(stringError.statusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(stringError.attributes()).containsExactly(Attribute.of("error", "true"));
    }

    @Test
    void otelStatusTags_asAnOpenTelemetryJaegerExporterSendsThem_becomeStatusAndMessage() {
        Span span = decodeOne(span().setTags(List.of(stringTag("http.method", "GET"), stringTag("span.kind", "client"),
                stringTag("otel.status_code", "ERROR"), boolTag("error", true),
                stringTag("otel.status_description", "timeout"), stringTag("w3c.tracestate", "k=v"))));
        assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.statusMessage()).isEqualTo("timeout");
        assertThat(span.traceState()).isEqualTo("k=v");
        assertThat(span.attributes()).containsExactly(Attribute.of("http.method", "GET"));
    }

    @Test
    void otelStatusOk_becomesOkStatus_andItsDescriptionStaysATag() {
        Span span = decodeOne(span().setTags(List.of(stringTag("otel.status_code", "OK"),
                stringTag("otel.status_description", "fine"))));
        assertThat(span.statusCode()).isEqualTo(StatusCode.OK);
        assertThat(span.statusMessage()).isEmpty();
        assertThat(span.attributes()).containsExactly(Attribute.of("otel.status_description", "fine"));
    }

    @Test
    void errorTrueWinsOverOtelStatusOk() {
        Span span = decodeOne(span().setTags(List.of(stringTag("otel.status_code", "OK"), boolTag("error", true))));
        assertThat(span.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.attributes()).isEmpty();
    }

    @Test
    void logs_becomeEvents_withMicrosecondTimestampsAndLeadingEventFieldAsName() {
        Span span = decodeOne(span().setLogs(List.of(
                new Log(1_700_000_000_000_123L, List.of(stringTag("event", "error"), stringTag("message", "boom"))),
                new Log(1_700_000_000_000_456L, List.of(stringTag("message", "m"), stringTag("event", "late"))),
                new Log(1_700_000_000_000_789L, List.of()))));
        assertThat(span.events()).containsExactly(
                new SpanEvent(1_700_000_000_000_123_000L, "error", List.of(Attribute.of("message", "boom"))),
                new SpanEvent(1_700_000_000_000_456_000L, "", List.of(Attribute.of("message", "m"), Attribute.of("event", "late"))),
                new SpanEvent(1_700_000_000_000_789_000L, "", List.of()));
    }

    @Test
    void parentSpanId_becomesTheParent() {
        Span span = decodeOne(span().setParentSpanId(0x5));
        assertThat(span.parentSpanId()).isEqualTo(0x5);
        assertThat(span.links()).isEmpty();
    }

    @Test
    void parentSpanIdAlreadyReferenced_isNotAddedTwice() {
        Span span = decodeOne(span().setParentSpanId(0x5)
                .setReferences(List.of(new SpanRef(SpanRefType.CHILD_OF, TRACE_LOW, 0, 0x5))));
        assertThat(span.parentSpanId()).isEqualTo(0x5);
        assertThat(span.links()).isEmpty();
    }

    @Test
    void parentSpanIdNotReferenced_isPrependedAsChildOf_andOtherReferencesBecomeTypedLinks() {
        TraceId other = TraceId.of(7, 8);
        Span span = decodeOne(span().setParentSpanId(0x5).setReferences(List.of(
                new SpanRef(SpanRefType.FOLLOWS_FROM, TRACE_LOW, 0, 0x6),
                new SpanRef(SpanRefType.CHILD_OF, 8, 7, 0x7))));
        assertThat(span.parentSpanId()).isEqualTo(0x5);
        assertThat(span.links()).containsExactly(
                new SpanLink(TraceId.of(0, TRACE_LOW), 0x6, "", List.of(link("follows_from"))),
                new SpanLink(other, 0x7, "", List.of(link("child_of"))));
        assertThat(span.links().get(1).isChildOf()).isTrue();
    }

    @Test
    void referencesOnly_firstSameTraceChildOfIsTheParent() {
        Span span = decodeOne(span().setReferences(List.of(
                new SpanRef(SpanRefType.CHILD_OF, 8, 7, 0x7),
                new SpanRef(SpanRefType.FOLLOWS_FROM, TRACE_LOW, 0, 0x6),
                new SpanRef(SpanRefType.CHILD_OF, TRACE_LOW, 0, 0x9))));
        assertThat(span.parentSpanId()).isEqualTo(0x9);
        assertThat(span.links()).extracting(SpanLink::spanId).containsExactly(0x7L, 0x6L);
    }

    @Test
    void onlyFollowsFrom_isTheParent_asJaegersParentSpanIdRule() {
        Span span = decodeOne(span().setParentSpanId(0x6)
                .setReferences(List.of(new SpanRef(SpanRefType.FOLLOWS_FROM, TRACE_LOW, 0, 0x6))));
        assertThat(span.parentSpanId()).isEqualTo(0x6);
        assertThat(span.links()).isEmpty();
    }

    @Test
    void referenceToAnotherTraceOnly_leavesTheSpanARoot() {
        Span span = decodeOne(span().setReferences(List.of(new SpanRef(SpanRefType.CHILD_OF, 8, 7, 0x7))));
        assertThat(span.isRoot()).isTrue();
        assertThat(span.links()).hasSize(1);
    }

    @Test
    void emptyBatch_decodesToNothing() {
        assertThat(JaegerThriftSpanDecoder.decode(new Batch(new Process("svc"), List.of()))).isEmpty();
    }

    @Test
    void zeroTraceId_isRejectedNamingTheSpan() {
        assertThatThrownBy(() -> JaegerThriftSpanDecoder.decode(batch(span(), span().setTraceIdLow(0))))
                .isInstanceOf(InvalidSpansException.class)
                .hasMessage("spans[1]: traceIdHigh and traceIdLow must not both be 0");
    }

    @Test
    void zeroSpanId_isRejected() {
        assertThatThrownBy(() -> decodeOne(span().setSpanId(0)))
                .isInstanceOf(InvalidSpansException.class).hasMessage("spans[0].spanId: must not be 0");
    }

    @Test
    void negativeDurationOrStartOrLogTime_isRejected() {
        assertThatThrownBy(() -> decodeOne(span().setDuration(-1)))
                .isInstanceOf(InvalidSpansException.class).hasMessageStartingWith("spans[0].duration: -1 µs");
        assertThatThrownBy(() -> decodeOne(span().setStartTime(-5)))
                .isInstanceOf(InvalidSpansException.class).hasMessageStartingWith("spans[0].startTime: -5 µs");
        assertThatThrownBy(() -> decodeOne(span().setLogs(List.of(new Log(-1, List.of())))))
                .isInstanceOf(InvalidSpansException.class).hasMessageStartingWith("spans[0].logs[0].timestamp");
    }

    @Test
    void startTimeThatOverflowsNanoseconds_isRejected() {
        assertThatThrownBy(() -> decodeOne(span().setStartTime(Long.MAX_VALUE / 10)))
                .isInstanceOf(InvalidSpansException.class).hasMessageContaining("too large");
    }

    @Test
    void referenceWithoutType_isRejected() {
        SpanRef ref = new SpanRef().setTraceIdLow(TRACE_LOW).setSpanId(3);
        assertThatThrownBy(() -> decodeOne(span().setReferences(List.of(ref))))
                .isInstanceOf(InvalidSpansException.class)
                .hasMessageStartingWith("spans[0].references[0].refType: missing");
    }

    @Test
    void tagWithoutKey_isRejected() {
        assertThatThrownBy(() -> decodeOne(span().setTags(List.of(new Tag().setVType(TagType.STRING)))))
                .isInstanceOf(InvalidSpansException.class).hasMessage("spans[0].tags[0].key: missing");
    }
}

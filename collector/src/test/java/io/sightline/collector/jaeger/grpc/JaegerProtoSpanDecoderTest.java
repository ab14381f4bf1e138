package io.sightline.collector.jaeger.grpc;

import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.START;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.START_EPOCH_NANOS_TRUNCATED_TO_MICROS;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.TRACE_HIGH;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.TRACE_ID;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.TRACE_LOW;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.batch;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.binary;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.bool;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.float64;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.id8;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.int64;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.process;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.ref;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.span;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Collector.PostSpansRequest;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model.SpanRefType;
import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.util.List;
import org.junit.jupiter.api.Test;

class JaegerProtoSpanDecoderTest {
    private static final Model.Process FRONTEND = process("frontend", str("hostname", "web-1"), str("ip", "10.0.0.5"));

    private static Span decodeOne(Model.Span.Builder span) {
        List<Span> spans = JaegerProtoSpanDecoder.decode(batch(FRONTEND, span));
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }

    private static List<Attribute> tagsOf(Model.KeyValue... tags) {
        return decodeOne(span(1).addAllTags(List.of(tags))).attributes();
    }

    private static void assertInvalid(Model.Batch batch, String message) {
        assertThatThrownBy(() -> JaegerProtoSpanDecoder.decode(batch))
                .isInstanceOf(InvalidSpansException.class).hasMessage(message);
    }

    // --- identity, names, times, flags ---

    @Test
    void decode_copiesIdsNameFlagsAndTimesInMicroseconds() {
        Span span = decodeOne(span(0xabcL).setOperationName("GET /dispatch").setFlags(1 | 2 | 8));
        assertThat(span.traceId()).isEqualTo(TraceId.of(TRACE_HIGH, TRACE_LOW));
        assertThat(span.spanId()).isEqualTo(0xabcL);
        assertThat(span.name()).isEqualTo("GET /dispatch");
        assertThat(span.flags()).isEqualTo(11);
        assertThat(span.startEpochNanos()).isEqualTo(START_EPOCH_NANOS_TRUNCATED_TO_MICROS);
        assertThat(span.durationNanos()).isEqualTo(2_000_000L);
        assertThat(span.isRoot()).isTrue();
        assertThat(span.kind()).isEqualTo(SpanKind.UNSPECIFIED);
        assertThat(span.statusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void decode_eightByteTraceIdIsA64BitIdWithZeroHighHalf() {
        Span span = decodeOne(span(1).setTraceId(id8(0x42)));
        assertThat(span.traceId()).isEqualTo(TraceId.of(0, 0x42));
        assertThat(span.traceId().is64Bit()).isTrue();
    }

    @Test
    void decode_flagsAboveTheSignBitSurviveAsUnsigned() {
        assertThat(Integer.toUnsignedLong(decodeOne(span(1).setFlags(0x8000_0001)).flags())).isEqualTo(0x8000_0001L);
    }

    @Test
    void decode_unsetStartTimeIsTheEpochAndUnsetDurationIsZero() {
        Span span = decodeOne(span(1).clearStartTime().clearDuration());
        assertThat(span.startEpochNanos()).isZero();
        assertThat(span.durationNanos()).isZero();
    }

    @Test
    void decode_durationOfSecondsAndNanosIsTruncatedToMicros() {
        Span span = decodeOne(span(1).setDuration(Duration.newBuilder().setSeconds(3).setNanos(999)));
        assertThat(span.durationNanos()).isEqualTo(3_000_000_000L);
    }

    @Test
    void decode_warningsAreDroppedWithoutFailing() {
        assertThat(decodeOne(span(1).addWarnings("clock skew")).attributes()).isEmpty();
    }

    @Test
    void decode_emptyRequestOrBatchGivesNoSpans() {
        assertThat(JaegerProtoSpanDecoder.decode(PostSpansRequest.getDefaultInstance())).isEmpty();
        assertThat(JaegerProtoSpanDecoder.decode(Model.Batch.newBuilder().setProcess(FRONTEND).build())).isEmpty();
    }

    @Test
    void decode_requestDecodesItsBatch() {
        PostSpansRequest request = PostSpansRequest.newBuilder().setBatch(batch(FRONTEND, span(1), span(2))).build();
        assertThat(JaegerProtoSpanDecoder.decode(request)).extracting(Span::spanId).containsExactly(1L, 2L);
    }

    // --- process ---

    @Test
    void decode_spanWithoutProcessGetsTheBatchProcess_andSpansShareOneResource() {
        List<Span> spans = JaegerProtoSpanDecoder.decode(batch(FRONTEND, span(1), span(2)));
        assertThat(spans.get(0).serviceName()).isEqualTo("frontend");
        assertThat(spans.get(0).resource().attributes())
                .containsExactly(Attribute.of("hostname", "web-1"), Attribute.of("ip", "10.0.0.5"));
        assertThat(spans.get(1).resource()).isSameAs(spans.get(0).resource());
    }

    @Test
    void decode_spanProcessOverridesTheBatchProcess_andEqualProcessesShareOneResource() {
        Model.Process mysql = process("mysql", int64("port", 3306));
        List<Span> spans = JaegerProtoSpanDecoder.decode(batch(FRONTEND,
                span(1).setProcess(mysql), span(2), span(3).setProcess(mysql.toBuilder().build())));
        assertThat(spans).extracting(Span::serviceName).containsExactly("mysql", "frontend", "mysql");
        assertThat(spans.get(0).resource().attributes()).containsExactly(Attribute.of("port", 3306L));
        assertThat(spans.get(2).resource()).isSameAs(spans.get(0).resource());
    }

    @Test
    void decode_processIdIsIgnoredBecauseBatchesHaveNoProcessMap() {
        assertThat(decodeOne(span(1).setProcessId("p7")).serviceName()).isEqualTo("frontend");
    }

    @Test
    void decode_noProcessAnywhereGetsJaegersSanitizerName() {
        Model.Batch batch = Model.Batch.newBuilder().addSpans(span(1)).build();
        assertThat(JaegerProtoSpanDecoder.decode(batch).get(0).serviceName()).isEqualTo("null-process-and-service-name");
    }

    @Test
    void decode_emptyServiceNameGetsJaegersSanitizerName() {
        List<Span> spans = JaegerProtoSpanDecoder.decode(batch(process(""), span(1), span(2).setProcess(process("", str("k", "v")))));
        assertThat(spans).extracting(Span::serviceName).containsExactly("empty-service-name", "empty-service-name");
        assertThat(spans.get(1).resource().attributes()).containsExactly(Attribute.of("k", "v"));
    }

    // --- tags ---

    @Test
    void decode_keepsEveryValueTypeInOrder() {
        assertThat(tagsOf(str("s", "v"), bool("b", true), int64("i", Long.MIN_VALUE), float64("d", 0.5), binary("y", 1, 2, 3)))
                .containsExactly(Attribute.of("s", "v"), Attribute.of("b", true), Attribute.of("i", Long.MIN_VALUE),
                        Attribute.of("d", 0.5), new Attribute("y", AttributeValue.of(new byte[] {1, 2, 3})));
    }

    @Test
    void decode_unknownValueTypeIsInvalidNamingTheTag() {
        Model.KeyValue odd = Model.KeyValue.newBuilder().setKey("odd").setVTypeValue(9).build();
        assertInvalid(batch(FRONTEND, span(1), span(2).addTags(str("a", "b")).addTags(odd)),
                "batch.spans[1].tags[1] (key \"odd\").v_type: unknown value type 9 (expected: 0..4, STRING, BOOL, INT64, FLOAT64, BINARY)");
    }

    @Test
    void decode_unknownValueTypeInAProcessTagIsInvalid() {
        Model.KeyValue odd = Model.KeyValue.newBuilder().setKey("odd").setVTypeValue(7).build();
        assertThatThrownBy(() -> JaegerProtoSpanDecoder.decode(batch(process("svc", odd), span(1))))
                .isInstanceOf(InvalidSpansException.class).hasMessageStartingWith("batch.process.tags[0] (key \"odd\")");
    }

    @Test
    void decode_spanKindTagBecomesTheKind() {
        for (SpanKind kind : List.of(SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER, SpanKind.INTERNAL)) {
            Span span = decodeOne(span(1).addTags(str("a", "1")).addTags(str("span.kind", kind.jaegerName())));
            assertThat(span.kind()).isEqualTo(kind);
            assertThat(span.attributes()).containsExactly(Attribute.of("a", "1"));
        }
    }

    @Test
    void decode_spanKindTheWriterCouldNotRenderBackStaysATag() {
        for (Model.KeyValue tag : List.of(str("span.kind", "rpc"), str("span.kind", "SERVER"), str("span.kind", ""),
                int64("span.kind", 2))) {
            Span span = decodeOne(span(1).addTags(tag));
            assertThat(span.kind()).isEqualTo(SpanKind.UNSPECIFIED);
            assertThat(span.attributes()).hasSize(1);
        }
    }

    @Test
    void decode_onlyTheFirstUsableSpanKindIsTaken() {
        Span span = decodeOne(span(1).addTags(str("span.kind", "rpc")).addTags(str("span.kind", "client"))
                .addTags(str("span.kind", "server")));
        assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.attributes()).containsExactly(Attribute.of("span.kind", "rpc"), Attribute.of("span.kind", "server"));
    }

    @Test
    void decode_errorTrueMakesTheSpanAnError() {
        Span span = decodeOne(span(1).addTags(bool("error", true)).addTags(binary("payload", 1)));
        assertThat(span.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.statusMessage()).isEmpty();
        assertThat(span.attributes()).extracting(Attribute::key).containsExactly("payload");
    }

    @Test
    void decode_otelStatusTagsAsTheQueryWriterRendersThem_becomeTheStatus() {
        Span span = decodeOne(span(1).addTags(str("http.method", "GET")).addTags(str("span.kind", "client"))
                .addTags(str("otel.status_code", "ERROR")).addTags(bool("error", true))
                .addTags(str("otel.status_description", "connection refused")));
        assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.statusMessage()).isEqualTo("connection refused");
        assertThat(span.attributes()).containsExactly(Attribute.of("http.method", "GET"));
    }

    @Test
    void decode_otelStatusCodeOkInAnyCase() {
        Span span = decodeOne(span(1).addTags(str("otel.status_code", "ok")));
        assertThat(span.statusCode()).isEqualTo(StatusCode.OK);
        assertThat(span.attributes()).isEmpty();
    }

    @Test
    void decode_errorTrueWinsOverOtelStatusCodeOk() {
        Span span = decodeOne(span(1).addTags(str("otel.status_code", "OK")).addTags(bool("error", true)));
        assertThat(span.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.attributes()).isEmpty();
    }

    @Test
    void decode_errorTagsThatDoNotSayTrueStayTags() {
        for (Model.KeyValue tag : List.of(bool("error", false), str("error", "true"), str("otel.status_code", "UNSET"))) {
            Span span = decodeOne(span(1).addTags(tag));
            assertThat(span.statusCode()).isEqualTo(StatusCode.UNSET);
            assertThat(span.attributes()).hasSize(1);
        }
    }

    @Test
    void decode_statusDescriptionWithoutAStatusStaysATag() {
        Span span = decodeOne(span(1).addTags(str("otel.status_description", "why")));
        assertThat(span.statusMessage()).isEmpty();
        assertThat(span.attributes()).containsExactly(Attribute.of("otel.status_description", "why"));
    }

    @Test
    void decode_w3cTraceStateTagBecomesTheTraceState() {
        Span span = decodeOne(span(1).addTags(str("w3c.tracestate", "vendor=x")).addTags(str("k", "v")));
        assertThat(span.traceState()).isEqualTo("vendor=x");
        assertThat(span.attributes()).containsExactly(Attribute.of("k", "v"));
    }

    @Test
    void decode_scopeTagsStaySpanTagsAsJaeger150ShowsThem() {
        assertThat(tagsOf(str("otel.library.name", "lib"), str("otel.scope.name", "lib"))).hasSize(2);
    }

    // --- logs ---

    @Test
    void decode_logsBecomeEvents_withTheStringEventFieldAsName() {
        Model.Log log = Model.Log.newBuilder().setTimestamp(START)
                .addFields(int64("retry", 1)).addFields(str("event", "cache miss")).addFields(str("event", "again")).build();
        SpanEvent event = decodeOne(span(1).addLogs(log)).events().get(0);
        assertThat(event.epochNanos()).isEqualTo(START_EPOCH_NANOS_TRUNCATED_TO_MICROS);
        assertThat(event.name()).isEqualTo("cache miss");
        assertThat(event.attributes()).containsExactly(Attribute.of("retry", 1L), Attribute.of("event", "again"));
    }

    @Test
    void decode_logWithoutAUsableEventFieldHasNoName() {
        Model.Log log = Model.Log.newBuilder().setTimestamp(START)
                .addFields(int64("event", 3)).addFields(str("event", "")).addFields(str("message", "hi")).build();
        SpanEvent event = decodeOne(span(1).addLogs(log)).events().get(0);
        assertThat(event.name()).isEmpty();
        assertThat(event.attributes()).hasSize(3);
    }

    @Test
    void decode_keepsLogOrder() {
        Span span = decodeOne(span(1)
                .addLogs(Model.Log.newBuilder().setTimestamp(Timestamp.newBuilder().setSeconds(2)).addFields(str("event", "b")))
                .addLogs(Model.Log.newBuilder().setTimestamp(Timestamp.newBuilder().setSeconds(1)).addFields(str("event", "a"))));
        assertThat(span.events()).extracting(SpanEvent::name).containsExactly("b", "a");
        assertThat(span.events()).extracting(SpanEvent::epochNanos).containsExactly(2_000_000_000L, 1_000_000_000L);
    }

    // --- references ---

    @Test
    void decode_firstSameTraceChildOfIsTheParent_andOtherReferencesAreTypedLinks() {
        ByteString otherTrace = id8(0x77);
        Span span = decodeOne(span(9)
                .addReferences(ref(SpanRefType.FOLLOWS_FROM, TRACE_ID, 5))
                .addReferences(ref(SpanRefType.CHILD_OF, otherTrace, 6))
                .addReferences(ref(SpanRefType.CHILD_OF, TRACE_ID, 7))
                .addReferences(ref(SpanRefType.CHILD_OF, TRACE_ID, 8)));
        assertThat(span.parentSpanId()).isEqualTo(7);
        assertThat(span.links()).extracting(SpanLink::traceId, SpanLink::spanId, SpanLink::isChildOf).containsExactly(
                org.assertj.core.groups.Tuple.tuple(TraceId.of(TRACE_HIGH, TRACE_LOW), 5L, false),
                org.assertj.core.groups.Tuple.tuple(TraceId.of(0, 0x77), 6L, true),
                org.assertj.core.groups.Tuple.tuple(TraceId.of(TRACE_HIGH, TRACE_LOW), 8L, true));
        assertThat(span.links().get(0).attributes()).containsExactly(Attribute.of("opentracing.ref_type", "follows_from"));
        assertThat(span.links().get(0).traceState()).isEmpty();
    }

    @Test
    void decode_onlyFollowsFromLeavesTheSpanARootWithAFollowsFromLink() {
        Span span = decodeOne(span(2).addReferences(ref(SpanRefType.FOLLOWS_FROM, TRACE_ID, 1)));
        assertThat(span.isRoot()).isTrue();
        assertThat(span.links()).singleElement().satisfies(link -> assertThat(link.isChildOf()).isFalse());
    }

    @Test
    void decode_sameTraceMeansEqualIds_so64BitReferenceTo128BitTraceIsALink() {
        Span span = decodeOne(span(2).addReferences(ref(SpanRefType.CHILD_OF, id8(TRACE_LOW), 1)));
        assertThat(span.isRoot()).isTrue();
        assertThat(span.links()).hasSize(1);
    }

    @Test
    void decode_childOfAZeroSpanIdIsKeptAsALinkNotAParent() {
        Span span = decodeOne(span(2).addReferences(ref(SpanRefType.CHILD_OF, TRACE_ID, 0)));
        assertThat(span.isRoot()).isTrue();
        assertThat(span.links()).extracting(SpanLink::spanId).containsExactly(0L);
    }

    @Test
    void decode_unknownReferenceTypeIsInvalid() {
        Model.SpanRef odd = ref(SpanRefType.CHILD_OF, TRACE_ID, 1).toBuilder().setRefTypeValue(4).build();
        assertInvalid(batch(FRONTEND, span(2).addReferences(odd)),
                "batch.spans[0].references[0].ref_type: unknown reference type 4 (expected: 0 CHILD_OF, 1 FOLLOWS_FROM)");
    }

    // --- invalid input ---

    @Test
    void decode_badIdLengthsAreInvalidNamingSpanAndField() {
        assertInvalid(batch(FRONTEND, span(1), span(2).setTraceId(ByteString.copyFrom(new byte[5]))),
                "batch.spans[1].trace_id: expected 16 bytes (or 8 for a 64-bit ID), got 5");
        assertInvalid(batch(FRONTEND, span(1).clearTraceId()),
                "batch.spans[0].trace_id: expected 16 bytes (or 8 for a 64-bit ID), got 0");
        assertInvalid(batch(FRONTEND, span(1).setSpanId(TRACE_ID)),
                "batch.spans[0].span_id: expected 8 bytes, got 16");
        assertInvalid(batch(FRONTEND, span(1).addReferences(ref(SpanRefType.CHILD_OF, TRACE_ID, 1).toBuilder()
                        .setSpanId(ByteString.copyFrom(new byte[4])))),
                "batch.spans[0].references[0].span_id: expected 8 bytes, got 4");
        assertInvalid(batch(FRONTEND, span(1).addReferences(ref(SpanRefType.CHILD_OF, ByteString.copyFrom(new byte[12]), 1))),
                "batch.spans[0].references[0].trace_id: expected 16 bytes (or 8 for a 64-bit ID), got 12");
    }

    @Test
    void decode_allZeroIdsAreInvalid() {
        assertInvalid(batch(FRONTEND, span(1).setTraceId(ByteString.copyFrom(new byte[16]))),
                "batch.spans[0].trace_id: must not be all zeros");
        assertInvalid(batch(FRONTEND, span(0)), "batch.spans[0].span_id: must not be all zeros");
    }

    @Test
    void decode_negativeDurationOrBadTimesAreInvalid() {
        assertInvalid(batch(FRONTEND, span(1).setDuration(Duration.newBuilder().setSeconds(-1))),
                "batch.spans[0].duration: -1000000000 ns (expected: >= 0)");
        assertInvalid(batch(FRONTEND, span(1).setStartTime(Timestamp.newBuilder().setNanos(-5))),
                "batch.spans[0].start_time.nanos: -5 (expected: 0..999999999)");
        assertInvalid(batch(FRONTEND, span(1).setStartTime(Timestamp.newBuilder().setSeconds(-1))),
                "batch.spans[0].start_time.seconds: -1 (expected: >= 0, not before 1970)");
        assertInvalid(batch(FRONTEND, span(1).setStartTime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))),
                "batch.spans[0].start_time.seconds: 9223372036854775807 is out of range (expected: at most 9223372036)");
        assertInvalid(batch(FRONTEND, span(1).addLogs(Model.Log.newBuilder().setTimestamp(Timestamp.newBuilder().setNanos(1_000_000_000)))),
                "batch.spans[0].logs[0].timestamp.nanos: 1000000000 (expected: 0..999999999)");
    }
}

package io.sightline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Span;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class KafkaSpanCodecTest {
    private static final TraceId TRACE_ID = TraceId.of(0x0102030405060708L, 0x090a0b0c0d0e0f10L);

    @ParameterizedTest
    @EnumSource(KafkaEncoding.class)
    void roundTrip_throughTheCollectorsJaegerDecoder_givesTheSameSpan(KafkaEncoding encoding) {
        KafkaSpanCodec codec = new KafkaSpanCodec(encoding);
        Span span = TestSpans.rich(TRACE_ID, 0x2222L, "orders");

        assertThat(codec.decode(codec.encode(span))).isEqualTo(span);
    }

    @ParameterizedTest
    @EnumSource(KafkaEncoding.class)
    void roundTrip_keepsA64BitTraceIdAndARootSpanWithoutScope(KafkaEncoding encoding) {
        KafkaSpanCodec codec = new KafkaSpanCodec(encoding);
        Span span = TestSpans.simple(TraceId.of(0, 0xabcL), 7, "svc", "op");

        Span decoded = codec.decode(codec.encode(span));

        assertThat(decoded).isEqualTo(span);
        assertThat(decoded.traceId().is64Bit()).isTrue();
        assertThat(decoded.scope()).isEqualTo(InstrumentationScope.EMPTY);
    }

    @Test
    void encode_writesJaegersShapeWithTheProcessEmbeddedAndTheParentFirst() throws Exception {
        Model.Span message = Model.Span.parseFrom(new KafkaSpanCodec(KafkaEncoding.PROTOBUF)
                .encode(TestSpans.rich(TRACE_ID, 0x2222L, "orders")));

        assertThat(message.getTraceId().size()).isEqualTo(16);
        assertThat(message.getProcess().getServiceName()).isEqualTo("orders");
        assertThat(message.getProcessId()).isEmpty();
        assertThat(message.getReferences(0).getRefType()).isEqualTo(Model.SpanRefType.CHILD_OF);
        assertThat(message.getReferences(1).getRefType()).isEqualTo(Model.SpanRefType.FOLLOWS_FROM);
        assertThat(message.getTagsList()).extracting(Model.KeyValue::getKey)
                .containsSubsequence("span.kind", "otel.status_code", "error", "otel.status_description",
                        "w3c.tracestate", "otel.scope.name", "otel.scope.version");
        assertThat(message.getLogs(0).getFields(0).getKey()).isEqualTo("event");
        assertThat(message.getStartTime().getSeconds()).isEqualTo(1_700_000_000L);
        assertThat(message.getDuration().getSeconds()).isEqualTo(2);
        assertThat(message.getDuration().getNanos()).isEqualTo(500_000_000);
    }

    @Test
    void json_isProtobufsJsonMappingWithBase64Ids() {
        String json = new String(new KafkaSpanCodec(KafkaEncoding.JSON).encode(TestSpans.simple(TRACE_ID, 1, "svc", "op")),
                StandardCharsets.UTF_8);

        assertThat(json).contains("\"traceId\":\"AQIDBAUGBwgJCgsMDQ4PEA==\"", "\"operationName\":\"op\"",
                "\"serviceName\":\"svc\"", "\"startTime\":\"2023-11-14T22:13:20.000001Z\"");
    }

    @Test
    void arraysAndMaps_goOutAsTheirJsonText() {
        KafkaSpanCodec codec = new KafkaSpanCodec(KafkaEncoding.PROTOBUF);
        Span span = TestSpans.simple(TRACE_ID, 1, "svc", "op").toBuilder()
                .attributes(List.of(new Attribute("list", new AttributeValue.ArrayValue(
                        List.of(AttributeValue.of("a"), AttributeValue.of(1L))))))
                .build();

        assertThat(codec.decode(codec.encode(span)).attributes())
                .containsExactly(Attribute.of("list", "[\"a\",1]"));
    }

    @Test
    void decode_takesAnOlderCollectorsLibraryTagsAsTheScope() {
        KafkaSpanCodec codec = new KafkaSpanCodec(KafkaEncoding.PROTOBUF);
        Span withTags = TestSpans.simple(TRACE_ID, 1, "svc", "op").toBuilder()
                .attributes(List.of(Attribute.of("otel.library.name", "lib"), Attribute.of("otel.library.version", "2"),
                        Attribute.of("keep", "me")))
                .build();

        Span decoded = codec.decode(codec.encode(withTags));

        assertThat(decoded.scope()).isEqualTo(new InstrumentationScope("lib", "2"));
        assertThat(decoded.attributes()).containsExactly(Attribute.of("keep", "me"));
    }

    /** The query API drops spans equal in every field; a re-delivered message must decode to an equal span. */
    @ParameterizedTest
    @EnumSource(KafkaEncoding.class)
    void decodingTheSameMessageTwice_givesEqualSpans(KafkaEncoding encoding) {
        KafkaSpanCodec codec = new KafkaSpanCodec(encoding);
        byte[] message = codec.encode(TestSpans.rich(TRACE_ID, 0x3333L, "orders"));

        Span first = codec.decode(message);
        Span second = codec.decode(message.clone());

        assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
    }

    /** What Jaeger's jsonpb writes: defaults (STRING, CHILD_OF) left out, int64 as a string, base64 IDs. */
    @Test
    void json_readsAMessageInTheShapeJaegersCollectorWrites() {
        String jaegerJson = "{\"traceId\":\"AAAAAAAAAAAAAAAAAAAAAQ==\",\"spanId\":\"AAAAAAAAAAI=\","
                + "\"operationName\":\"GET /\",\"references\":[{\"traceId\":\"AAAAAAAAAAAAAAAAAAAAAQ==\","
                + "\"spanId\":\"AAAAAAAAAAE=\"}],\"flags\":1,\"startTime\":\"2017-01-26T16:46:31.639875Z\","
                + "\"duration\":\"0.000100s\",\"tags\":[{\"key\":\"http.method\",\"vStr\":\"GET\"},"
                + "{\"key\":\"retries\",\"vType\":\"INT64\",\"vInt64\":\"3\"},"
                + "{\"key\":\"span.kind\",\"vStr\":\"server\"}],"
                + "\"logs\":[{\"timestamp\":\"2017-01-26T16:46:31.639900Z\",\"fields\":[{\"key\":\"event\",\"vStr\":\"ready\"}]}],"
                + "\"process\":{\"serviceName\":\"frontend\",\"tags\":[{\"key\":\"hostname\",\"vStr\":\"h1\"}]}}";

        Span span = new KafkaSpanCodec(KafkaEncoding.JSON).decode(jaegerJson.getBytes(StandardCharsets.UTF_8));

        assertThat(span.traceId()).isEqualTo(TraceId.of(0, 1));
        assertThat(span.spanId()).isEqualTo(2);
        assertThat(span.parentSpanId()).isEqualTo(1);
        assertThat(span.kind()).isEqualTo(io.sightline.core.model.SpanKind.SERVER);
        assertThat(span.startEpochNanos()).isEqualTo(1_485_449_191_639_875_000L);
        assertThat(span.durationNanos()).isEqualTo(100_000);
        assertThat(span.attributes()).containsExactly(Attribute.of("http.method", "GET"), Attribute.of("retries", 3L));
        assertThat(span.events()).singleElement().satisfies(event -> assertThat(event.name()).isEqualTo("ready"));
        assertThat(span.resource().serviceName()).isEqualTo("frontend");
        assertThat(span.resource().attributes()).containsExactly(Attribute.of("hostname", "h1"));
    }

    @Test
    void key_isJaegersTraceIdString() {
        assertThat(new String(KafkaSpanCodec.key(TRACE_ID), StandardCharsets.US_ASCII))
                .isEqualTo("102030405060708090a0b0c0d0e0f10");
        assertThat(new String(KafkaSpanCodec.key(TraceId.of(0, 0xabcL)), StandardCharsets.US_ASCII)).isEqualTo("abc");
    }

    @Test
    void decode_refusesBytesThatAreNotASpan() {
        KafkaSpanCodec protobuf = new KafkaSpanCodec(KafkaEncoding.PROTOBUF);
        KafkaSpanCodec json = new KafkaSpanCodec(KafkaEncoding.JSON);

        assertThatThrownBy(() -> protobuf.decode(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}))
                .isInstanceOf(UndecodableMessageException.class).hasMessageContaining("protobuf-encoded");
        assertThatThrownBy(() -> json.decode("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UndecodableMessageException.class).hasMessageContaining("json-encoded");
        assertThatThrownBy(() -> protobuf.decode(null))
                .isInstanceOf(UndecodableMessageException.class).hasMessageContaining("tombstone");
    }

    @Test
    void decode_refusesASpanWithAnInvalidIdNamingTheField() {
        byte[] badSpanId = Model.Span.newBuilder()
                .setTraceId(com.google.protobuf.ByteString.copyFrom(TRACE_ID.toBytes()))
                .setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3}))
                .build().toByteArray();

        assertThatThrownBy(() -> new KafkaSpanCodec(KafkaEncoding.PROTOBUF).decode(badSpanId))
                .isInstanceOf(UndecodableMessageException.class).hasMessageContaining("span_id: expected 8 bytes, got 3");
    }

    @Test
    void statusOk_roundTrips() {
        KafkaSpanCodec codec = new KafkaSpanCodec(KafkaEncoding.JSON);
        Span span = TestSpans.simple(TRACE_ID, 1, "svc", "op").toBuilder().status(StatusCode.OK, "fine").build();

        assertThat(codec.decode(codec.encode(span))).isEqualTo(span);
    }
}

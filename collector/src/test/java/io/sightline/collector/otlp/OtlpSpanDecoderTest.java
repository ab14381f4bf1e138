package io.sightline.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.AttributeType;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpSpanDecoderTest {
    private static final ByteString TRACE_ID = ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    private static final ByteString SPAN_ID = ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

    private static Span.Builder validSpan() {
        return Span.newBuilder().setTraceId(TRACE_ID).setSpanId(SPAN_ID).setName("op")
                .setStartTimeUnixNano(1_000).setEndTimeUnixNano(3_000);
    }

    private static ExportTraceServiceRequest request(Resource resource, Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource).addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))).build();
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    @Test
    void decode_resourceWithoutAttributesGetsJaegersPlaceholderServiceName() {
        var spans = OtlpSpanDecoder.decode(request(Resource.getDefaultInstance(), validSpan().build()));
        assertThat(spans.get(0).serviceName()).isEqualTo("OTLPResourceNoServiceName");
    }

    @Test
    void decode_resourceWithAttributesButNoServiceNameIsSanitized() {
        Resource resource = Resource.newBuilder().addAttributes(kv("host.name", AnyValue.newBuilder().setStringValue("h").build())).build();
        var spans = OtlpSpanDecoder.decode(request(resource, validSpan().build()));
        assertThat(spans.get(0).serviceName()).isEqualTo("empty-service-name");
        assertThat(spans.get(0).resource().attributes()).extracting(a -> a.key()).containsExactly("host.name");
    }

    @Test
    void decode_keepsEveryAttributeType() {
        Span span = validSpan()
                .addAttributes(kv("s", AnyValue.newBuilder().setStringValue("v").build()))
                .addAttributes(kv("b", AnyValue.newBuilder().setBoolValue(true).build()))
                .addAttributes(kv("i", AnyValue.newBuilder().setIntValue(7).build()))
                .addAttributes(kv("d", AnyValue.newBuilder().setDoubleValue(0.5).build()))
                .addAttributes(kv("y", AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("x")).build()))
                .addAttributes(kv("a", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setIntValue(1))).build()))
                .addAttributes(kv("m", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("k", AnyValue.newBuilder().setStringValue("v").build()))).build()))
                .addAttributes(kv("e", AnyValue.getDefaultInstance()))
                .build();
        var decoded = OtlpSpanDecoder.decode(request(Resource.getDefaultInstance(), span)).get(0);
        assertThat(decoded.attributes()).extracting(a -> a.value().type()).containsExactly(
                AttributeType.STRING, AttributeType.BOOL, AttributeType.INT64, AttributeType.FLOAT64,
                AttributeType.BINARY, AttributeType.ARRAY, AttributeType.MAP, AttributeType.EMPTY);
        assertThat(decoded.attributes().get(6).value().asString()).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void decode_keepsW3cTraceFlagsOnly() {
        var decoded = OtlpSpanDecoder.decode(request(Resource.getDefaultInstance(), validSpan().setFlags(0x301).build())).get(0);
        assertThat(decoded.flags()).isEqualTo(1);
    }

    @Test
    void decode_rejectsTheWholeRequestWhenOneSpanIsInvalid() {
        assertThatThrownBy(() -> OtlpSpanDecoder.decode(request(Resource.getDefaultInstance(),
                validSpan().build(), validSpan().setSpanId(ByteString.copyFrom(new byte[8])).build())))
                .isInstanceOf(InvalidSpansException.class)
                .hasMessage("resourceSpans[0].scopeSpans[0].spans[1].spanId: must not be all zeros");
        assertThatThrownBy(() -> OtlpSpanDecoder.decode(request(Resource.getDefaultInstance(),
                validSpan().setEndTimeUnixNano(10).build())))
                .hasMessageContaining("spans[0]: endTimeUnixNano 10 is before startTimeUnixNano 1000");
        assertThatThrownBy(() -> OtlpSpanDecoder.decode(request(Resource.getDefaultInstance(),
                validSpan().setParentSpanId(ByteString.copyFrom(new byte[3])).build())))
                .hasMessageContaining("spans[0].parentSpanId: expected 8 bytes, got 3");
        assertThatThrownBy(() -> OtlpSpanDecoder.decode(request(Resource.getDefaultInstance(),
                validSpan().setTraceId(ByteString.copyFrom(new byte[16])).build())))
                .hasMessageContaining("spans[0].traceId: must not be all zeros");
        assertThatThrownBy(() -> OtlpSpanDecoder.decode(request(Resource.getDefaultInstance(),
                validSpan().setKindValue(9).build())))
                .hasMessageContaining("spans[0].kind: unknown span kind 9");
    }
}

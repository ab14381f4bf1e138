package io.sightline.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpJsonReaderTest {

    private static List<Span> decode(String json) {
        return OtlpSpanDecoder.decode(OtlpJsonReader.read(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void read_decodesHexIdsInt64StringsAndEnumIntegers() {
        List<Span> spans = decode("""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
              "scopeSpans":[{"scope":{"name":"lib","version":"1.2"},"spans":[{
                "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
                "parentSpanId":"eee19b7ec3c1b173","name":"GET /cart","kind":2,
                "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":1544712661000000000,
                "attributes":[{"key":"big","value":{"intValue":"9007199254740993"}},
                              {"key":"d","value":{"doubleValue":1.5}}],
                "status":{"code":2,"message":"boom"},
                "links":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000002"}]}]}]}]}
            """);
        assertThat(spans).hasSize(1);
        Span span = spans.get(0);
        assertThat(span.traceId()).isEqualTo(TraceId.fromHex("5b8efff798038103d269b633813fc60c"));
        assertThat(span.spanId()).isEqualTo(0xeee19b7ec3c1b174L);
        assertThat(span.parentSpanId()).isEqualTo(0xeee19b7ec3c1b173L);
        assertThat(span.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.startEpochNanos()).isEqualTo(1544712660000000000L);
        assertThat(span.durationNanos()).isEqualTo(1_000_000_000L);
        assertThat(span.attributes().get(0).value()).isEqualTo(AttributeValue.of(9007199254740993L));
        assertThat(span.attributes().get(1).value()).isEqualTo(AttributeValue.of(1.5));
        assertThat(span.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.statusMessage()).isEqualTo("boom");
        assertThat(span.links().get(0).traceId()).isEqualTo(TraceId.of(0, 1));
        assertThat(span.serviceName()).isEqualTo("checkout");
        assertThat(span.scope().name()).isEqualTo("lib");
    }

    @Test
    void read_acceptsSnakeCaseKeysEnumNamesAndIgnoresUnknownFields() {
        List<Span> spans = decode("""
            {"resource_spans":[{"resource":{"attributes":[{"key":"service.name","value":{"string_value":"svc"}}]},
              "scope_spans":[{"spans":[{"trace_id":"0102030405060708090a0b0c0d0e0f10","span_id":"0102030405060708",
                "name":"op","kind":"SPAN_KIND_CLIENT","start_time_unix_nano":"10","end_time_unix_nano":"30",
                "somethingNew":{"x":1}}]}]}]}
            """);
        assertThat(spans.get(0).kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(spans.get(0).durationNanos()).isEqualTo(20);
        assertThat(spans.get(0).parentSpanId()).isZero();
    }

    @Test
    void read_emptyParentSpanIdMeansRoot() {
        List<Span> spans = decode("""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"s"}}]},
              "scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708",
                "parentSpanId":"","name":"op","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}
            """);
        assertThat(spans.get(0).isRoot()).isTrue();
    }

    @Test
    void read_rejectsBadHexNamingTheField() {
        assertThatThrownBy(() -> decode("""
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz02030405060708090a0b0c0d0e0f10","spanId":"0102030405060708"}]}]}]}
            """)).isInstanceOf(InvalidSpansException.class)
                .hasMessageContaining("resourceSpans[0].scopeSpans[0].spans[0].traceId")
                .hasMessageContaining("not a hex string");
    }

    @Test
    void read_rejectsWrongIdLengthNamingTheField() {
        assertThatThrownBy(() -> decode("""
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102","spanId":"0102030405060708"}]}]}]}
            """)).hasMessageContaining("spans[0].traceId: expected 16 bytes, got 2");
    }

    @Test
    void read_rejectsMalformedJsonWithPosition() {
        assertThatThrownBy(() -> decode("{\"resourceSpans\": [")).isInstanceOf(InvalidSpansException.class)
                .hasMessageContaining("malformed JSON").hasMessageContaining("line 1");
        assertThatThrownBy(() -> decode("[1,2]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> decode("")).hasMessageContaining("empty JSON body");
    }

    @Test
    void read_rejectsWrongTypesWithTheParserMessage() {
        assertThatThrownBy(() -> decode("""
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10",
              "spanId":"0102030405060708","startTimeUnixNano":"not-a-number"}]}]}]}
            """)).isInstanceOf(InvalidSpansException.class).hasMessageContaining("invalid OTLP JSON");
    }
}

package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class JaegerJsonWriterTest {
    private static final TraceId TRACE = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String write(Trace trace) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            JaegerJsonWriter.writeTrace(g, trace);
        }
        return out.toString();
    }

    /** The composed example of the read-API spec §4, produced from model spans. */
    @Test
    void writeTrace_matchesTheSpecExample() throws IOException {
        Resource frontend = new Resource("frontend", List.of(Attribute.of("ip", "10.0.0.5"), Attribute.of("hostname", "web-1")));
        Resource mysql = new Resource("mysql", List.of());
        Span dispatch = Span.builder().traceId(TRACE).spanId(0x00f067aa0ba902b7L).flags(1).name("GET /dispatch")
                .kind(SpanKind.SERVER).startEpochNanos(1_700_000_000_000_000_000L).durationNanos(153_000_000L)
                .attributes(List.of(Attribute.of("http.status_code", 200L), Attribute.of("big.id", 9_007_199_254_740_993L)))
                .events(List.of(new SpanEvent(1_700_000_000_005_000_000L, "cache miss", List.of(Attribute.of("retry", 1L)))))
                .resource(frontend).build();
        Span select = Span.builder().traceId(TRACE).spanId(0x53995c3f42cd8ad8L).parentSpanId(0x00f067aa0ba902b7L).flags(1)
                .name("SELECT").startEpochNanos(1_700_000_000_010_000_000L).durationNanos(42_000_000L)
                .attributes(List.of(Attribute.of("error", true), new Attribute("payload", AttributeValue.of(new byte[] {1, 2, 3}))))
                .resource(mysql).build();

        String expected = """
            {"traceID":"4bf92f3577b34da6a3ce929d0e0e4736",
              "spans":[
               {"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"00f067aa0ba902b7","flags":1,
                "operationName":"GET /dispatch","references":[],"startTime":1700000000000000,"duration":153000,
                "tags":[{"key":"http.status_code","type":"int64","value":200},
                        {"key":"big.id","type":"int64","value":"9007199254740993"},
                        {"key":"span.kind","type":"string","value":"server"}],
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
            """;
        String actual = write(new Trace(TRACE, List.of(dispatch, select)));
        assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(expected));
        // Field order follows Jaeger's structs, which some clients rely on when diffing.
        assertThat(actual).startsWith("{\"traceID\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spans\":[{\"traceID\"");
    }

    @Test
    void writeTrace_mapsStatusScopeLinksAndSpecialValuesLikeJaeger() throws IOException {
        TraceId shortId = TraceId.of(0, 0xabc);
        Resource resource = new Resource("svc", List.of());
        Span parentless = Span.builder().traceId(shortId).spanId(1).name("a").kind(SpanKind.CLIENT)
                .attributes(List.of(Attribute.of("nan", Double.NaN), Attribute.of("half", 0.5),
                        new Attribute("list", new AttributeValue.ArrayValue(List.of(AttributeValue.of(1L), AttributeValue.of("x")))),
                        new Attribute("none", AttributeValue.Empty.INSTANCE)))
                .status(StatusCode.ERROR, "it broke").traceState("k=v")
                .links(List.of(new SpanLink(shortId, 7, "", List.of()),
                        new SpanLink(shortId, 8, "", List.of(Attribute.of("opentracing.ref_type", "child_of")))))
                .resource(resource).scope(new InstrumentationScope("lib", "2.0")).build();
        Span child = Span.builder().traceId(shortId).spanId(2).parentSpanId(1).name("b")
                .links(List.of(new SpanLink(shortId, 9, "", List.of())))
                .resource(resource).scope(new InstrumentationScope("lib", "2.0")).build();

        var trace = JSON.readTree(write(new Trace(shortId, List.of(parentless, child))));
        assertThat(trace.get("traceID").asText()).isEqualTo("0000000000000abc");
        var first = trace.get("spans").get(0);
        assertThat(first.has("flags")).as("flags omitted when 0").isFalse();
        assertThat(first.get("tags").toString()).isEqualTo("[{\"key\":\"nan\",\"type\":\"float64\",\"value\":\"NaN\"},"
                + "{\"key\":\"half\",\"type\":\"float64\",\"value\":0.5},"
                + "{\"key\":\"list\",\"type\":\"string\",\"value\":\"[1,\\\"x\\\"]\"},"
                + "{\"key\":\"none\",\"type\":\"string\",\"value\":\"\"},"
                + "{\"key\":\"span.kind\",\"type\":\"string\",\"value\":\"client\"},"
                + "{\"key\":\"otel.status_code\",\"type\":\"string\",\"value\":\"ERROR\"},"
                + "{\"key\":\"error\",\"type\":\"bool\",\"value\":true},"
                + "{\"key\":\"otel.status_description\",\"type\":\"string\",\"value\":\"it broke\"},"
                + "{\"key\":\"w3c.tracestate\",\"type\":\"string\",\"value\":\"k=v\"}]");
        assertThat(first.get("references").toString()).isEqualTo("[{\"refType\":\"FOLLOWS_FROM\",\"traceID\":\"0000000000000abc\",\"spanID\":\"0000000000000007\"},"
                + "{\"refType\":\"CHILD_OF\",\"traceID\":\"0000000000000abc\",\"spanID\":\"0000000000000008\"}]");
        var second = trace.get("spans").get(1);
        assertThat(second.get("references").get(0).get("refType").asText()).isEqualTo("CHILD_OF");
        assertThat(second.get("references").get(0).get("spanID").asText()).isEqualTo("0000000000000001");
        assertThat(second.get("references").get(1).get("refType").asText()).isEqualTo("FOLLOWS_FROM");
        // Same service, same scope: one process, carrying the scope as tags.
        assertThat(first.get("processID").asText()).isEqualTo(second.get("processID").asText());
        assertThat(trace.get("processes").toString()).isEqualTo("{\"p1\":{\"serviceName\":\"svc\",\"tags\":["
                + "{\"key\":\"otel.scope.name\",\"type\":\"string\",\"value\":\"lib\"},"
                + "{\"key\":\"otel.scope.version\",\"type\":\"string\",\"value\":\"2.0\"}]}}");
    }
}

package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.sightline.core.storage.memory.InMemoryStorage;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code /api/v3/*} endpoints over HTTP: OTLP/JSON shapes, summaries, parameters and errors. */
class ApiV3IT {
    private static final long BASE_NANOS = 1_795_900_000_000_000_000L;
    private static final String START = "2026-11-28T00:00:00Z";
    private static final String END = "2026-11-30T00:00:00Z";
    private static final Resource FRONTEND = new Resource("frontend", List.of(Attribute.of("host.name", "web-1")));
    private static final Resource DRIVER = new Resource("driver", List.of());
    private static final TraceId TRACE = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
    private static final TraceId SHORT_ID = TraceId.of(0, 0xabc);
    private static TestServer server;

    @BeforeAll
    static void start() {
        InMemoryStorage storage = new InMemoryStorage(1_000);
        storage.write(List.of(
                Span.builder().traceId(TRACE).spanId(1).name("GET /dispatch").kind(SpanKind.SERVER)
                        .startEpochNanos(BASE_NANOS).durationNanos(5_000_000).resource(FRONTEND)
                        .scope(new InstrumentationScope("io.example.http", "1.2.0"))
                        .addAttribute(Attribute.of("http.status_code", 200L))
                        .addAttribute(new Attribute("ratio", new AttributeValue.DoubleValue(0.5)))
                        .addEvent(new SpanEvent(BASE_NANOS + 1_000, "cache miss", List.of(Attribute.of("key", "k1"))))
                        .traceState("vendor=1").build(),
                Span.builder().traceId(TRACE).spanId(2).parentSpanId(1).name("find driver").kind(SpanKind.CLIENT)
                        .startEpochNanos(BASE_NANOS + 1_000_000).durationNanos(2_000_000).resource(DRIVER)
                        .status(StatusCode.ERROR, "no driver")
                        .addLink(new SpanLink(SHORT_ID, 7, "", List.of(Attribute.of("why", "retry")))).build(),
                Span.builder().traceId(TRACE).spanId(3).parentSpanId(99).name("orphan").resource(DRIVER)
                        .startEpochNanos(BASE_NANOS + 2_000_000).durationNanos(1_000).build(),
                Span.builder().traceId(SHORT_ID).spanId(7).name("GET /other").kind(SpanKind.SERVER)
                        .startEpochNanos(BASE_NANOS - 60_000_000_000L).durationNanos(1_000_000).resource(FRONTEND).build()));
        server = TestServer.start(sb -> new QueryService(storage).bindTo(sb, "/"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return TestServer.MAPPER.readTree(response.body());
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void servicesAndOperations_haveTheirV3Shapes() throws Exception {
        assertThat(json(server.get("/api/v3/services")).get("services").toString()).isEqualTo("[\"driver\",\"frontend\"]");
        JsonNode operations = json(server.get("/api/v3/operations?service=frontend&spanKind=server")).get("operations");
        assertThat(operations.toString())
                .isEqualTo("[{\"name\":\"GET /dispatch\",\"spanKind\":\"server\"},{\"name\":\"GET /other\",\"spanKind\":\"server\"}]");
        assertThat(json(server.get("/api/v3/operations?service=driver&span_kind=client")).get("operations")).hasSize(1);
        HttpResponse<String> missing = server.get("/api/v3/operations");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).toString()).isEqualTo("{\"error\":{\"httpCode\":400,\"message\":\"parameter 'service' is required\"}}");
        assertThat(server.get("/api/v3/operations?service=frontend&spanKind=sideways").statusCode()).isEqualTo(400);
    }

    @Test
    void traceById_isOtlpJson() throws Exception {
        HttpResponse<String> response = server.get("/api/v3/traces/4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode resourceSpans = json(response).at("/result/resourceSpans");
        assertThat(resourceSpans).hasSize(2);
        JsonNode frontend = resourceSpans.get(0);
        assertThat(frontend.at("/resource/attributes/0").toString())
                .isEqualTo("{\"key\":\"service.name\",\"value\":{\"stringValue\":\"frontend\"}}");
        assertThat(frontend.at("/scopeSpans/0/scope").toString()).isEqualTo("{\"name\":\"io.example.http\",\"version\":\"1.2.0\"}");
        JsonNode root = frontend.at("/scopeSpans/0/spans/0");
        assertThat(root.get("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(root.get("spanId").asText()).isEqualTo("0000000000000001");
        assertThat(root.has("parentSpanId")).isFalse();
        assertThat(root.get("kind").asInt()).isEqualTo(2);
        assertThat(root.get("startTimeUnixNano").isTextual()).isTrue();
        assertThat(root.get("startTimeUnixNano").asText()).isEqualTo(Long.toString(BASE_NANOS));
        assertThat(root.get("endTimeUnixNano").asText()).isEqualTo(Long.toString(BASE_NANOS + 5_000_000));
        assertThat(root.get("traceState").asText()).isEqualTo("vendor=1");
        assertThat(root.at("/attributes/0").toString()).isEqualTo("{\"key\":\"http.status_code\",\"value\":{\"intValue\":\"200\"}}");
        assertThat(root.at("/attributes/1/value/doubleValue").asDouble()).isEqualTo(0.5);
        assertThat(root.at("/events/0").toString()).isEqualTo("{\"timeUnixNano\":\"" + (BASE_NANOS + 1_000)
                + "\",\"name\":\"cache miss\",\"attributes\":[{\"key\":\"key\",\"value\":{\"stringValue\":\"k1\"}}]}");
        assertThat(root.has("status")).isFalse();
        JsonNode child = resourceSpans.get(1).at("/scopeSpans/0/spans/0");
        assertThat(child.get("parentSpanId").asText()).isEqualTo("0000000000000001");
        assertThat(child.get("status").toString()).isEqualTo("{\"message\":\"no driver\",\"code\":2}");
        assertThat(child.at("/links/0/traceId").asText()).isEqualTo("00000000000000000000000000000abc");

        HttpResponse<String> notFound = server.get("/api/v3/traces/0123456789abcdef");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(json(notFound).at("/error/message").asText()).isEqualTo("trace not found");
        assertThat(server.get("/api/v3/traces/not-hex").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/v3/traces/abc?startTime=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void traces_areAdjustedUnlessRaw_withWarningsInJaegersAttribute_andFoundInTheArchive() throws Exception {
        TraceId skewed = TraceId.fromHex("5e3a");
        TraceId archived = TraceId.fromHex("a4c");
        InMemoryStorage storage = new InMemoryStorage(100);
        storage.write(List.of(
                Span.builder().traceId(skewed).spanId(1).name("GET /dispatch").kind(SpanKind.SERVER)
                        .startEpochNanos(BASE_NANOS).durationNanos(100_000_000).resource(FRONTEND).build(),
                // Starts 50 ms before its parent, on another service: clock skew.
                Span.builder().traceId(skewed).spanId(2).parentSpanId(1).name("SELECT").kind(SpanKind.CLIENT)
                        .startEpochNanos(BASE_NANOS - 50_000_000).durationNanos(20_000_000).resource(DRIVER).build()));
        InMemoryStorage archive = new InMemoryStorage(100);
        archive.write(List.of(Span.builder().traceId(archived).spanId(5).name("kept").resource(FRONTEND)
                .startEpochNanos(BASE_NANOS).durationNanos(1_000).build()));
        try (TestServer own = TestServer.start(sb -> new QueryService(storage, QueryOptions.DEFAULTS, archive)
                .bindTo(sb, "/"))) {
            String warnings = "[{\"key\":\"@jaeger@warnings\",\"value\":{\"arrayValue\":{\"values\":"
                    + "[{\"stringValue\":\"clock skew adjustment disabled; not applying calculated delta of 90ms\"}]}}}]";
            JsonNode adjusted = json(own.get("/api/v3/traces/" + skewed.toHex32()));
            assertThat(adjusted.at("/result/resourceSpans").findValues("attributes").toString()).contains(warnings);
            JsonNode raw = json(own.get("/api/v3/traces/" + skewed.toHex32() + "?raw_traces=true"));
            assertThat(raw.toString()).doesNotContain("@jaeger@warnings");

            String window = "&query.startTimeMin=" + q(START) + "&query.startTimeMax=" + q(END);
            assertThat(json(own.get("/api/v3/traces?query.serviceName=driver" + window)).toString()).contains(warnings);
            assertThat(json(own.get("/api/v3/traces?query.serviceName=driver&query.rawTraces=true" + window)).toString())
                    .doesNotContain("@jaeger@warnings");
            assertThat(own.get("/api/v3/traces?query.serviceName=driver&query.rawTraces=maybe" + window).statusCode())
                    .isEqualTo(400);

            HttpResponse<String> fromArchive = own.get("/api/v3/traces/" + archived.toHex32());
            assertThat(fromArchive.statusCode()).isEqualTo(200);
            assertThat(json(fromArchive).at("/result/resourceSpans").findValues("name").toString()).contains("kept");
        }
    }

    @Test
    void search_mergesEveryMatchingTrace_andSaysNoTracesFoundWhenNothingMatches() throws Exception {
        String window = "&query.startTimeMin=" + q(START) + "&query.startTimeMax=" + q(END);
        JsonNode all = json(server.get("/api/v3/traces?query.serviceName=frontend" + window));
        assertThat(all.at("/result/resourceSpans").findValues("traceId").stream().map(JsonNode::asText).distinct())
                .contains("4bf92f3577b34da6a3ce929d0e0e4736", "00000000000000000000000000000abc");
        JsonNode byAttribute = json(server.get("/api/v3/traces?query.service_name=frontend" + window
                + "&query.attributes=" + q("{\"http.status_code\":\"200\"}")));
        assertThat(byAttribute.at("/result/resourceSpans").findValues("name").stream().map(JsonNode::asText))
                .contains("GET /dispatch", "find driver").doesNotContain("GET /other");
        JsonNode slow = json(server.get("/api/v3/traces?query.serviceName=frontend" + window + "&query.durationMin=2ms"));
        assertThat(slow.at("/result/resourceSpans").findValues("spanId")).isNotEmpty();

        HttpResponse<String> none = server.get("/api/v3/traces?query.serviceName=frontend" + window
                + "&query.operationName=" + q("GET /nothing"));
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(json(none).at("/error/message").asText()).isEqualTo("No traces found");
    }

    @Test
    void searchParameters_areRefusedNamingTheProblem() throws Exception {
        HttpResponse<String> noWindow = server.get("/api/v3/traces?query.serviceName=frontend");
        assertThat(noWindow.statusCode()).isEqualTo(400);
        assertThat(noWindow.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(json(noWindow).at("/error/message").asText()).isEqualTo("query.startTimeMin and query.startTimeMax are required");
        String window = "&query.startTimeMin=" + q(START) + "&query.startTimeMax=" + q(END);
        assertThat(json(server.get("/api/v3/traces?query.serviceName=frontend&query.startTimeMin=x&query.startTimeMax=y"))
                .at("/error/message").asText()).startsWith("malformed parameter query.startTimeMin");
        assertThat(json(server.get("/api/v3/traces?query.serviceName=frontend" + window + "&query.durationMin=fast"))
                .at("/error/message").asText()).startsWith("malformed parameter query.durationMin");
        assertThat(json(server.get("/api/v3/traces?query.serviceName=frontend" + window + "&query.attributes=%5B1%5D"))
                .at("/error/message").asText()).startsWith("malformed parameter query.attributes");
        assertThat(json(server.get("/api/v3/traces?query.serviceName=frontend" + window + "&query.searchDepth=0"))
                .at("/error/message").asText()).startsWith("malformed parameter query.searchDepth");
        assertThat(json(server.get("/api/v3/traces?" + window.substring(1)))
                .at("/error/message").asText()).isEqualTo("query.serviceName is required");
    }

    @Test
    void traceSummaries_countSpansErrorsOrphansAndServices() throws Exception {
        String window = "&query.startTimeMin=" + q(START) + "&query.startTimeMax=" + q(END);
        JsonNode summaries = json(server.get("/api/v3/trace-summaries?query.serviceName=driver" + window)).get("summaries");
        assertThat(summaries).hasSize(1);
        JsonNode summary = summaries.get(0);
        assertThat(summary.get("traceId").asText()).matches("^[0-9a-f]{32}$").isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(summary.get("rootServiceName").asText()).isEqualTo("frontend");
        assertThat(summary.get("rootOperationName").asText()).isEqualTo("GET /dispatch");
        assertThat(summary.get("minStartTimeUnixNano").asText()).isEqualTo(Long.toString(BASE_NANOS));
        assertThat(summary.get("maxEndTimeUnixNano").asText()).isEqualTo(Long.toString(BASE_NANOS + 5_000_000));
        assertThat(summary.get("spanCount").asInt()).isEqualTo(3);
        assertThat(summary.get("errorSpanCount").asInt()).isEqualTo(1);
        assertThat(summary.get("orphanSpanCount").asInt()).isEqualTo(1);
        assertThat(summary.get("services").toString()).isEqualTo(
                "[{\"name\":\"driver\",\"spanCount\":2,\"errorSpanCount\":1},{\"name\":\"frontend\",\"spanCount\":1}]");
        assertThat(server.get("/api/v3/trace-summaries?query.serviceName=nobody" + window).body()).isEqualTo("{}");
    }
}

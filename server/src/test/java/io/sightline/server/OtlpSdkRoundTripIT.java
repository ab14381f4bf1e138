package io.sightline.server;

import static io.opentelemetry.api.common.AttributeKey.booleanArrayKey;
import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleArrayKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longArrayKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenTelemetry Java SDK's own OTLP exporters (gRPC and HTTP/protobuf) send spans with
 * every attribute type, events, links, both error statuses and every span kind; the trace read
 * back through {@code /api/traces/{id}} carries every field in Jaeger's JSON shape.
 */
class OtlpSdkRoundTripIT {
    private static final long BASE_NANOS = 1_700_000_000_123_456_789L;

    @TempDir
    static Path dataDir;
    private static AllInOneServer server;

    @BeforeAll
    static void start() {
        server = AllInOneServer.start(TestServers.config(dataDir));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SpanExporter exporter(String transport) {
        return transport.equals("grpc")
                ? OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort()).build()
                : OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces").build();
    }

    /** Spans the test sent, by name, with the IDs the SDK gave them. */
    private record Sent(String traceId, Map<String, String> spanIds) {}

    private static Sent sendTrace(String transport) {
        String service = "shop-" + transport;
        SpanExporter exporter = exporter(transport);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(stringKey("service.name"), service,
                        stringKey("host.name"), "web-1", stringKey("deployment.environment"), "test")))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        Tracer tracer = provider.get("io.sightline.it", "1.2.3");
        Map<String, String> ids = new HashMap<>();

        Span root = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).setNoParent()
                .setStartTimestamp(BASE_NANOS, TimeUnit.NANOSECONDS).startSpan();
        root.setAttribute(stringKey("http.method"), "GET");
        root.setAttribute(longKey("http.status_code"), 200L);
        root.setAttribute(longKey("big.id"), 9_007_199_254_740_993L);
        root.setAttribute(doubleKey("load"), 0.75);
        root.setAttribute(booleanKey("cache.hit"), false);
        root.setAttribute(stringArrayKey("tags"), List.of("a", "b"));
        root.setAttribute(longArrayKey("ports"), List.of(80L, 443L));
        root.setAttribute(doubleArrayKey("weights"), List.of(0.5, 1.5));
        root.setAttribute(booleanArrayKey("flags"), List.of(true, false));
        root.addEvent("cache miss", Attributes.of(longKey("retry"), 1L), BASE_NANOS + 5_000_000, TimeUnit.NANOSECONDS);
        root.setStatus(StatusCode.OK);
        Context rootContext = Context.root().with(root);

        Span client = tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT).setParent(rootContext)
                .setStartTimestamp(BASE_NANOS + 10_000_000, TimeUnit.NANOSECONDS).startSpan();
        client.setStatus(StatusCode.ERROR, "connection refused");
        client.addEvent("exception", Attributes.of(stringKey("exception.type"), "java.net.ConnectException",
                stringKey("exception.message"), "refused"), BASE_NANOS + 11_000_000, TimeUnit.NANOSECONDS);
        client.end(BASE_NANOS + 52_000_000, TimeUnit.NANOSECONDS);

        Span internal = tracer.spanBuilder("render").setSpanKind(SpanKind.INTERNAL).setParent(rootContext)
                .setStartTimestamp(BASE_NANOS + 60_000_000, TimeUnit.NANOSECONDS).startSpan();
        internal.end(BASE_NANOS + 61_000_000, TimeUnit.NANOSECONDS);

        Span producer = tracer.spanBuilder("publish order").setSpanKind(SpanKind.PRODUCER).setParent(rootContext)
                .setStartTimestamp(BASE_NANOS + 70_000_000, TimeUnit.NANOSECONDS).startSpan();
        producer.end(BASE_NANOS + 71_000_000, TimeUnit.NANOSECONDS);

        Span consumer = tracer.spanBuilder("consume order").setSpanKind(SpanKind.CONSUMER)
                .setParent(Context.root().with(producer))
                .addLink(root.getSpanContext(), Attributes.of(stringKey("link.reason"), "batch"))
                .setStartTimestamp(BASE_NANOS + 80_000_000, TimeUnit.NANOSECONDS).startSpan();
        consumer.end(BASE_NANOS + 90_000_000, TimeUnit.NANOSECONDS);
        root.end(BASE_NANOS + 153_000_000, TimeUnit.NANOSECONDS);

        for (Span span : List.of(root, client, internal, producer, consumer)) {
            ids.put(nameOf(span, root, client, internal, producer), span.getSpanContext().getSpanId());
        }
        CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
        assertThat(flushed.isSuccess()).as("export over " + transport + " acknowledged").isTrue();
        provider.shutdown().join(10, TimeUnit.SECONDS);
        return new Sent(root.getSpanContext().getTraceId(), ids);
    }

    private static String nameOf(Span span, Span root, Span client, Span internal, Span producer) {
        if (span == root) {
            return "root";
        }
        if (span == client) {
            return "client";
        }
        if (span == internal) {
            return "internal";
        }
        return span == producer ? "producer" : "consumer";
    }

    private static JsonNode spanNamed(JsonNode trace, String operationName) {
        for (JsonNode span : trace.get("spans")) {
            if (span.get("operationName").asText().equals(operationName)) {
                return span;
            }
        }
        throw new AssertionError("no span " + operationName + " in " + trace);
    }

    private static JsonNode tag(JsonNode tags, String key) {
        for (JsonNode tag : tags) {
            if (tag.get("key").asText().equals(key)) {
                return tag;
            }
        }
        throw new AssertionError("no tag " + key + " in " + tags);
    }

    private static List<String> keys(JsonNode tags) {
        List<String> keys = new ArrayList<>();
        tags.forEach(t -> keys.add(t.get("key").asText()));
        return keys;
    }

    private static void assertTag(JsonNode tags, String key, String type, String valueJson) {
        JsonNode tag = tag(tags, key);
        assertThat(tag.get("type").asText()).as(key + " type").isEqualTo(type);
        assertThat(tag.get("value").toString()).as(key + " value").isEqualTo(valueJson);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"grpc", "http"})
    void sdkExport_isReadBackWithEveryFieldInJaegerJson(String transport) {
        Sent sent = sendTrace(transport);
        HttpResponse<String> response = HttpGets.get(server.queryPort(), "/api/traces/" + sent.traceId());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = HttpGets.json(response);
        assertThat(body.get("total").asInt()).isZero();
        assertThat(body.get("limit").asInt()).isZero();
        assertThat(body.get("offset").asInt()).isZero();
        assertThat(body.get("errors").isNull()).isTrue();
        assertThat(body.get("data")).hasSize(1);
        JsonNode trace = body.get("data").get(0);
        assertThat(trace.get("traceID").asText()).isEqualTo(sent.traceId());
        assertThat(trace.get("warnings").isNull()).isTrue();
        assertThat(trace.get("spans")).hasSize(5);

        JsonNode root = spanNamed(trace, "GET /checkout");
        assertThat(root.get("traceID").asText()).isEqualTo(sent.traceId());
        assertThat(root.get("spanID").asText()).isEqualTo(sent.spanIds().get("root"));
        assertThat(root.get("flags").asInt()).isEqualTo(1);
        assertThat(root.get("references")).isEmpty();
        assertThat(root.get("startTime").asLong()).isEqualTo(BASE_NANOS / 1000);
        assertThat(root.get("duration").asLong()).isEqualTo(153_000);
        assertThat(root.get("warnings").isNull()).isTrue();
        JsonNode tags = root.get("tags");
        assertTag(tags, "http.method", "string", "\"GET\"");
        assertTag(tags, "http.status_code", "int64", "200");
        assertTag(tags, "big.id", "int64", "\"9007199254740993\"");
        assertTag(tags, "load", "float64", "0.75");
        assertTag(tags, "cache.hit", "bool", "false");
        assertTag(tags, "tags", "string", "\"[\\\"a\\\",\\\"b\\\"]\"");
        assertTag(tags, "ports", "string", "\"[80,443]\"");
        assertTag(tags, "weights", "string", "\"[0.5,1.5]\"");
        assertTag(tags, "flags", "string", "\"[true,false]\"");
        assertTag(tags, "span.kind", "string", "\"server\"");
        assertTag(tags, "otel.status_code", "string", "\"OK\"");
        assertThat(keys(tags)).doesNotContain("error", "otel.status_description");
        JsonNode log = root.get("logs").get(0);
        assertThat(log.get("timestamp").asLong()).isEqualTo((BASE_NANOS + 5_000_000) / 1000);
        assertThat(log.get("fields").get(0).toString()).isEqualTo("{\"key\":\"event\",\"type\":\"string\",\"value\":\"cache miss\"}");
        assertTag(log.get("fields"), "retry", "int64", "1");

        JsonNode process = trace.get("processes").get(root.get("processID").asText());
        assertThat(process.get("serviceName").asText()).isEqualTo("shop-" + transport);
        List<String> processKeys = keys(process.get("tags"));
        assertThat(processKeys).containsExactly("deployment.environment", "host.name", "otel.scope.name", "otel.scope.version");
        assertThat(processKeys).isSorted();
        assertTag(process.get("tags"), "otel.scope.version", "string", "\"1.2.3\"");

        JsonNode client = spanNamed(trace, "SELECT orders");
        assertThat(client.get("references").get(0).toString()).isEqualTo("{\"refType\":\"CHILD_OF\",\"traceID\":\""
                + sent.traceId() + "\",\"spanID\":\"" + sent.spanIds().get("root") + "\"}");
        assertThat(client.get("duration").asLong()).isEqualTo(42_000);
        assertTag(client.get("tags"), "span.kind", "string", "\"client\"");
        assertTag(client.get("tags"), "otel.status_code", "string", "\"ERROR\"");
        assertTag(client.get("tags"), "error", "bool", "true");
        assertTag(client.get("tags"), "otel.status_description", "string", "\"connection refused\"");
        assertThat(client.get("logs").get(0).get("fields").get(0).get("value").asText()).isEqualTo("exception");
        assertTag(client.get("logs").get(0).get("fields"), "exception.type", "string", "\"java.net.ConnectException\"");

        assertTag(spanNamed(trace, "render").get("tags"), "span.kind", "string", "\"internal\"");
        assertTag(spanNamed(trace, "publish order").get("tags"), "span.kind", "string", "\"producer\"");
        JsonNode consumer = spanNamed(trace, "consume order");
        assertTag(consumer.get("tags"), "span.kind", "string", "\"consumer\"");
        assertThat(consumer.get("references")).hasSize(2);
        assertThat(consumer.get("references").get(0).get("refType").asText()).isEqualTo("CHILD_OF");
        assertThat(consumer.get("references").get(0).get("spanID").asText()).isEqualTo(sent.spanIds().get("producer"));
        assertThat(consumer.get("references").get(1).get("refType").asText()).isEqualTo("FOLLOWS_FROM");
        assertThat(consumer.get("references").get(1).get("spanID").asText()).isEqualTo(sent.spanIds().get("root"));

        JsonNode services = HttpGets.json(HttpGets.get(server.queryPort(), "/api/services"));
        assertThat(services.get("data").toString()).contains("\"shop-" + transport + "\"");
        JsonNode servers = HttpGets.json(HttpGets.get(server.queryPort(),
                "/api/operations?service=shop-" + transport + "&spanKind=server"));
        assertThat(servers.get("data").toString()).isEqualTo("[{\"name\":\"GET /checkout\",\"spanKind\":\"server\"}]");
        assertThat(servers.get("total").asInt()).isEqualTo(1);
        JsonNode all = HttpGets.json(HttpGets.get(server.queryPort(), "/api/services/shop-" + transport + "/operations"));
        assertThat(all.get("total").asInt()).isEqualTo(5);
    }
}

package io.sightline.server;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.sightline.server.config.Setting;
import io.sightline.storage.opensearch.SearchEngineExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SPAN_STORAGE_TYPE=opensearch end to end: the OTel SDK's exporter in, the Jaeger query API out. */
class OpenSearchServerIT {
    @RegisterExtension
    static final SearchEngineExtension ENGINE = SearchEngineExtension.opensearch();

    @TempDir
    Path dataDir;

    @Test
    void spansExportedWithTheOtelSdkAreFoundThroughTheQueryApi() {
        try (AllInOneServer server = AllInOneServer.start(TestServers.config(dataDir)
                .with(Setting.STORAGE, "opensearch")
                .with(Setting.ES_SERVER_URLS, ENGINE.url().toString())
                .with(Setting.ES_INDEX_PREFIX, "server-it")
                .with(Setting.ES_NUM_SHARDS, "1")
                .with(Setting.ES_NUM_REPLICAS, "0"))) {
            assertThat(HttpGets.get(server.adminPort(), "/ready").statusCode()).isEqualTo(200);

            SdkTracerProvider provider = SdkTracerProvider.builder()
                    .setResource(Resource.create(Attributes.of(stringKey("service.name"), "checkout")))
                    .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                            .setEndpoint("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces").build()))
                    .build();
            Tracer tracer = provider.get("io.sightline.it");
            Span root = tracer.spanBuilder("POST /order").setSpanKind(SpanKind.SERVER).setNoParent().startSpan();
            Span child = tracer.spanBuilder("INSERT orders").setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.root().with(root)).startSpan();
            child.end();
            root.end();
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            provider.close();
            String traceId = root.getSpanContext().getTraceId();

            // Searchable once the index refreshed (1 s by default).
            Eventually.within(Duration.ofSeconds(30), () -> {
                HttpResponse<String> response = HttpGets.get(server.queryPort(), "/api/traces/" + traceId);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode spans = HttpGets.json(response).path("data").get(0).path("spans");
                List<String> names = new ArrayList<>();
                spans.forEach(span -> names.add(span.path("operationName").asText()));
                assertThat(names).containsExactlyInAnyOrder("POST /order", "INSERT orders");
            });
            Eventually.within(Duration.ofSeconds(30), () -> assertThat(HttpGets.json(
                    HttpGets.get(server.queryPort(), "/api/services")).path("data").toString()).contains("checkout"));
        }
    }

    @Test
    void unreachableCluster_failsReadinessAndAnswersIngestWithARetryableError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (AllInOneServer server = AllInOneServer.start(TestServers.config(dataDir)
                .with(Setting.STORAGE, "opensearch")
                .with(Setting.ES_SERVER_URLS, "http://127.0.0.1:" + closedPort))) {
            HttpResponse<String> ready = HttpGets.get(server.adminPort(), "/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("unreachable");

            String otlpJson = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                    + "\"value\":{\"stringValue\":\"checkout\"}}]},\"scopeSpans\":[{\"spans\":[{"
                    + "\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
                    + "\"name\":\"POST /order\",\"startTimeUnixNano\":\"1795867200000000000\","
                    + "\"endTimeUnixNano\":\"1795867200001000000\"}]}]}]}";
            HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(otlpJson)).build(), HttpResponse.BodyHandlers.ofString());
            // Not acknowledged: the client keeps the spans and retries.
            assertThat(export.statusCode()).as(export.body()).isEqualTo(503);
            assertThat(export.headers().firstValue("Retry-After")).isPresent();
        }
    }
}

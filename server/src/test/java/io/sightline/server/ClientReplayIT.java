package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.config.Setting;
import io.sightline.tracegen.GeneratedTrace;
import io.sightline.tracegen.GenerationReport;
import io.sightline.tracegen.TrafficGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request sequences that the Jaeger UI 1.x, the Jaeger UI 2.19 and Grafana's Jaeger data
 * source send (jaeger-read-api.md §1), replayed against a running server holding the traffic
 * generator's traces; each answer is read the way that client reads it.
 */
class ClientReplayIT {
    @TempDir
    static Path dir;
    private static AllInOneServer server;
    private static GeneratedTrace known;
    private static long nowMs;

    @BeforeAll
    static void start() throws Exception {
        server = AllInOneServer.start(TestServers.config(dir).with(Setting.SPM_RESOLUTION_MS, "1000"));
        try (TrafficGenerator generator = TrafficGenerator.builder()
                .endpoint("http://127.0.0.1:" + server.otlpGrpcPort()).seed(5).build()) {
            for (int round = 0; round < 3; round++) {
                GenerationReport report = generator.generate(4);
                assertThat(report.hasFailures()).isFalse();
                known = report.generatedTraces().get(0);
                Thread.sleep(1_000);
            }
        }
        nowMs = System.currentTimeMillis();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode get(String pathAndQuery) {
        var response = HttpGets.get(server.queryPort(), pathAndQuery);
        assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
        return HttpGets.json(response);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** What the UI and Grafana read from a v1 trace: every span's fields and its process. */
    private static void readAsJaegerClients(JsonNode trace) {
        assertThat(trace.get("traceID").asText()).matches("[0-9a-f]{16,32}");
        Set<String> spanIds = new HashSet<>();
        for (JsonNode span : trace.get("spans")) {
            spanIds.add(span.get("spanID").asText());
            assertThat(span.get("traceID").asText()).isEqualTo(trace.get("traceID").asText());
            assertThat(span.get("operationName").isTextual()).isTrue();
            assertThat(span.get("startTime").isIntegralNumber()).isTrue();
            assertThat(span.get("duration").isIntegralNumber()).isTrue();
            assertThat(span.get("logs").isArray()).as("logs must be an array: Grafana maps over it").isTrue();
            assertThat(span.get("tags").isArray()).isTrue();
            assertThat(span.get("references").isArray()).isTrue();
            if (span.get("references").size() > 0) {
                assertThat(span.at("/references/0/refType").asText()).isIn("CHILD_OF", "FOLLOWS_FROM");
            }
            JsonNode process = trace.get("processes").get(span.get("processID").asText());
            assertThat(process).as("process " + span.get("processID")).isNotNull();
            assertThat(process.get("serviceName").asText()).isNotEmpty();
            assertThat(process.get("tags").isArray()).isTrue();
        }
        for (JsonNode span : trace.get("spans")) {
            if (span.get("references").size() > 0 && span.at("/references/0/refType").asText().equals("CHILD_OF")) {
                assertThat(spanIds).as("parent of " + span.get("spanID")).contains(span.at("/references/0/spanID").asText());
            }
        }
    }

    @Test
    void jaegerUi1_searchTraceViewDependenciesAndMonitor() {
        JsonNode services = get("/api/services");
        assertThat(services.get("data")).extracting(JsonNode::asText).contains("frontend", "customer", "driver");
        assertThat(get("/api/services/frontend/operations").get("data")).extracting(JsonNode::asText)
                .contains("HTTP GET /dispatch");
        long endUs = nowMs * 1_000 + 60_000_000;
        long startUs = endUs - 3_600_000_000L;
        JsonNode search = get("/api/traces?service=frontend&operation=" + q("HTTP GET /dispatch")
                + "&limit=20&lookback=1h&start=" + startUs + "&end=" + endUs + "&maxDuration&minDuration");
        assertThat(search.get("data").size()).isBetween(1, 20);
        search.get("data").forEach(ClientReplayIT::readAsJaegerClients);

        JsonNode trace = get("/api/traces/" + known.traceId());
        assertThat(trace.get("data")).hasSize(1);
        readAsJaegerClients(trace.at("/data/0"));
        assertThat(trace.at("/data/0/spans")).hasSize(known.spanCount());

        JsonNode multi = get("/api/traces?traceID=" + known.traceId() + "&traceID=0000000000000bad");
        assertThat(multi.get("data")).hasSize(1);
        assertThat(multi.at("/errors/0/traceID").asText()).isEqualTo("0000000000000bad");

        JsonNode dependencies = get("/api/dependencies?endTs=" + nowMs + "&lookback=604800000");
        assertThat(dependencies.get("data")).anySatisfy(link -> {
            assertThat(link.get("parent").asText()).isEqualTo("frontend");
            assertThat(link.get("callCount").asLong()).isPositive();
        });

        String base = "service=frontend&endTs=" + (nowMs + 30_000) + "&lookback=3600000&step=60000&ratePer=600000&spanKind=server";
        for (String quantile : new String[] {"0.5", "0.75", "0.95"}) {
            JsonNode latencies = get("/api/metrics/latencies?" + base + "&quantile=" + quantile);
            assertThat(latencies.get("name").asText()).isEqualTo("service_latencies");
            assertThat(latencies.at("/metrics/0/labels/0/value").asText()).isEqualTo("frontend");
        }
        JsonNode calls = get("/api/metrics/calls?" + base);
        assertThat(calls.get("name").asText()).isEqualTo("service_call_rate");
        assertThat(calls.at("/metrics/0/metricPoints")).anySatisfy(point ->
                assertThat(point.at("/gaugeValue/doubleValue").isNumber()).isTrue());
        assertThat(get("/api/metrics/errors?" + base).get("name").asText()).isEqualTo("service_error_rate");
        JsonNode grouped = get("/api/metrics/calls?" + base + "&groupByOperation=true");
        assertThat(grouped.get("name").asText()).isEqualTo("service_operation_call_rate");
        assertThat(grouped.get("metrics")).anySatisfy(series -> assertThat(series.get("labels")).anySatisfy(label -> {
            assertThat(label.get("name").asText()).isEqualTo("operation");
            assertThat(label.get("value").asText()).isEqualTo("HTTP GET /dispatch");
        }));
    }

    @Test
    void jaegerUi219_v3ServicesOperationsAndTraceSummaries() {
        assertThat(get("/api/v3/services").get("services")).extracting(JsonNode::asText).contains("frontend");
        assertThat(get("/api/v3/operations?service=frontend").get("operations"))
                .anySatisfy(op -> assertThat(op.get("name").asText()).isEqualTo("HTTP GET /dispatch"));
        String window = "&query.start_time_min=" + q(Instant.ofEpochMilli(nowMs - 3_600_000).toString())
                + "&query.start_time_max=" + q(Instant.ofEpochMilli(nowMs + 60_000).toString());
        JsonNode summaries = get("/api/v3/trace-summaries?query.service_name=frontend&query.search_depth=20" + window);
        assertThat(summaries.get("summaries")).isNotEmpty();
        for (JsonNode summary : summaries.get("summaries")) {
            assertThat(summary.get("traceId").asText()).matches("^[0-9a-f]{32}$");
            assertThat(summary.get("rootServiceName").asText()).isEqualTo("frontend");
            assertThat(Long.parseLong(summary.get("minStartTimeUnixNano").asText()))
                    .isLessThanOrEqualTo(Long.parseLong(summary.get("maxEndTimeUnixNano").asText()));
            assertThat(summary.get("spanCount").asInt()).isPositive();
        }
        // The trace view still calls the v1 endpoint, with no parameters.
        readAsJaegerClients(get("/api/traces/" + summaries.at("/summaries/0/traceId").asText()).at("/data/0"));
    }

    @Test
    void grafana_testDataSourceSearchWithTagsTraceWithMillisecondHintsAndDependencies() {
        assertThat(get("/api/services").get("data")).isNotEmpty();
        assertThat(get("/api/services/frontend/operations").get("data")).isNotEmpty();
        long endUs = nowMs * 1_000 + 60_000_000;
        JsonNode search = get("/api/traces?service=frontend&tags=" + q("{\"http.request.method\":\"GET\"}")
                + "&limit=20&start=" + (endUs - 3_600_000_000L) + "&end=" + endUs + "&lookback=custom");
        assertThat(search.get("data")).isNotEmpty();
        search.get("data").forEach(ClientReplayIT::readAsJaegerClients);
        // Some Grafana versions send the time hints in ms instead of µs: still found.
        JsonNode trace = get("/api/traces/" + known.traceId() + "?start=" + (nowMs - 3_600_000) + "&end=" + nowMs);
        readAsJaegerClients(trace.at("/data/0"));
        JsonNode dependencies = get("/api/dependencies?endTs=" + nowMs + "&lookback=3600000");
        assertThat(dependencies.get("errors").isNull()).isTrue();
        assertThat(dependencies.get("data")).isNotEmpty();
    }

    @Test
    void grafanaGrpcGatewayMode_v3TraceByIdWithRfc3339HintsAndSearch() {
        String from = q(Instant.ofEpochMilli(nowMs - 3_600_000).toString());
        String to = q(Instant.ofEpochMilli(nowMs + 60_000).toString());
        JsonNode trace = get("/api/v3/traces/" + known.traceId() + "?start_time=" + from + "&end_time=" + to);
        assertThat(trace.at("/result/resourceSpans").findValues("spanId")).hasSize(known.spanCount());
        JsonNode search = get("/api/v3/traces?query.service_name=frontend&query.start_time_min=" + from
                + "&query.start_time_max=" + to + "&query.attributes=" + q("{\"http.request.method\":\"GET\"}"));
        assertThat(search.at("/result/resourceSpans")).isNotEmpty();
        assertThat(search.at("/result/resourceSpans/0/scopeSpans/0/spans/0/kind").isInt()).isTrue();
    }

    @Test
    void jaegerUiArchiveButton_copiesTheTraceIntoTheArchiveStore() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.queryPort() + "/api/archive/" + known.traceId()))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(HttpGets.json(response).get("errors").isArray()).isTrue();
        assertThat(java.nio.file.Files.isDirectory(dir.resolve("archive"))).isTrue();
    }

    @Test
    void jaegerUiUpload_transformsOtlpJsonIntoUiTraces_andNamesWhatIsWrongWithABadFile() throws Exception {
        String otlp = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"hello\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":"
                + "\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"say-hello\","
                + "\"kind\":2,\"startTimeUnixNano\":\"1700000000000000000\",\"endTimeUnixNano\":\"1700000000150000000\"}]}]}]}";
        var client = java.net.http.HttpClient.newHttpClient();
        var ok = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.queryPort() + "/api/transform"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(otlp))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode body = HttpGets.json(ok);
        readAsJaegerClients(body.at("/data/0"));
        assertThat(body.at("/data/0/spans/0/operationName").asText()).isEqualTo("say-hello");
        assertThat(body.at("/data/0/spans/0/duration").asLong()).isEqualTo(150_000);
        assertThat(body.at("/data/0/processes/p1/serviceName").asText()).isEqualTo("hello");
        assertThat(HttpGets.get(server.queryPort(), "/api/services").body()).doesNotContain("\"hello\"");

        var bad = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.queryPort() + "/api/transform"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"resourceSpans\": 7}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(HttpGets.json(bad).at("/errors/0/msg").asText()).startsWith("cannot transform the request body: ");
    }
}

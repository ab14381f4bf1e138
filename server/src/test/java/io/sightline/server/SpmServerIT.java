package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import io.sightline.tracegen.GenerationReport;
import io.sightline.tracegen.TrafficGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPM end to end: generated traffic through OTLP, the spanmetrics series on {@code /metrics}
 * (text and OpenMetrics with exemplars), the Monitor tab's {@code /api/metrics/*} from the
 * embedded store, its 400s and 501, and the series kept across a restart.
 */
class SpmServerIT {
    private static final String SERVER_LABELS = "service_name=\"frontend\",span_kind=\"SPAN_KIND_SERVER\"";

    @TempDir
    Path dataDir;

    /** Snapshots every second so that a rate over the last seconds exists soon after the traffic. */
    private SightlineConfig config() {
        return TestServers.config(dataDir).with(Setting.SPM_RESOLUTION_MS, "1000");
    }

    /**
     * Spread over three seconds: a rate only counts increases between samples, so traffic that
     * all lands before a series' first snapshot has a rate of 0, in Prometheus as here.
     */
    private static GenerationReport generate(AllInOneServer server, int traces) {
        try (TrafficGenerator generator = TrafficGenerator.builder()
                .endpoint("http://127.0.0.1:" + server.otlpGrpcPort()).seed(7).build()) {
            GenerationReport report = generator.generate(traces, traces / 3.0);
            assertThat(report.hasFailures()).as("export failures: %s", report.lastFailure()).isFalse();
            return report;
        }
    }

    private static String monitorQuery(String path, long endMs, String extra) {
        return "/api/metrics/" + path + "?service=frontend&endTs=" + endMs + "&lookback=20000&step=1000&ratePer=10000" + extra;
    }

    /** Asks with {@code endTs} = now until the answer is {@code ready}: snapshots come once a second. */
    private static JsonNode awaitFamily(int port, String path, String extra, Predicate<JsonNode> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode family;
        do {
            HttpResponse<String> response = HttpGets.get(port, monitorQuery(path, System.currentTimeMillis(), extra));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            family = HttpGets.json(response);
            if (ready.test(family)) {
                return family;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not ready in time: " + family);
    }

    @Test
    void traffic_showsOnMetricsAndInTheMonitorApi() throws Exception {
        try (AllInOneServer server = AllInOneServer.start(config())) {
            GenerationReport report = generate(server, 40);
            String text = HttpGets.get(server.adminPort(), "/metrics").body();
            assertThat(text).containsPattern("calls_total\\{" + SERVER_LABELS + ",span_name=\"[^\"]+\",status_code=\"STATUS_CODE_UNSET\"} [1-9]")
                    .contains("duration_milliseconds_bucket{" + SERVER_LABELS)
                    .contains("duration_milliseconds_count{")
                    .contains("duration_milliseconds_sum{");
            assertThat(sum(text, "calls_total{")).isEqualTo(report.spans());

            HttpResponse<String> openMetrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics"))
                    .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(openMetrics.headers().firstValue("content-type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/openmetrics-text"));
            assertThat(openMetrics.body()).containsPattern(
                    "duration_milliseconds_bucket\\{[^}]*} \\d+ # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"}")
                    .endsWith("# EOF\n");

            JsonNode calls = awaitFamily(server.queryPort(), "calls", "",
                    f -> f.get("metrics").size() > 0 && f.get("metrics").get(0).get("metricPoints").size() > 1
                            && f.get("metrics").get(0).get("metricPoints").findValues("doubleValue").stream()
                                    .anyMatch(v -> v.asDouble() > 0));
            assertThat(calls.get("name").asText()).isEqualTo("service_call_rate");
            assertThat(calls.get("type").asText()).isEqualTo("GAUGE");
            assertThat(calls.get("help").asText()).isEqualTo("calls/sec, grouped by service");
            JsonNode frontend = calls.get("metrics").get(0);
            assertThat(frontend.get("labels").toString()).isEqualTo("[{\"name\":\"service_name\",\"value\":\"frontend\"}]");
            JsonNode point = frontend.get("metricPoints").get(frontend.get("metricPoints").size() - 1);
            assertThat(frontend.get("metricPoints").findValues("doubleValue")).allSatisfy(
                    v -> assertThat(v.asDouble()).isNotNegative());
            assertThat(point.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z");

            JsonNode latencies = awaitFamily(server.queryPort(),
                    "latencies", "&quantile=0.95&groupByOperation=true", f -> f.get("metrics").size() > 0);
            assertThat(latencies.get("name").asText()).isEqualTo("service_operation_latencies");
            assertThat(latencies.get("help").asText()).isEqualTo("0.95th quantile latency, grouped by service & operation");
            assertThat(latencies.get("metrics").get(0).get("labels").get(0).get("name").asText()).isEqualTo("operation");

            JsonNode errors = awaitFamily(server.queryPort(), "errors", "", f -> f.get("metrics").size() > 0);
            assertThat(errors.get("name").asText()).isEqualTo("service_error_rate");
            for (JsonNode p : errors.get("metrics").get(0).get("metricPoints")) {
                assertThat(p.get("gaugeValue").get("doubleValue").asDouble()).isBetween(0.0, 1.0);
            }

            JsonNode minStep = HttpGets.json(HttpGets.get(server.queryPort(), "/api/metrics/minstep"));
            assertThat(minStep.toString()).isEqualTo("{\"data\":1000,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":null}");
        }
    }

    @Test
    void badParameters_getJaegersMessages() {
        try (AllInOneServer server = AllInOneServer.start(config())) {
            assertBadRequest(server, "/api/metrics/calls",
                    "unable to parse param 'service': please provide at least one service name");
            assertBadRequest(server, "/api/metrics/latencies?service=frontend",
                    "unable to parse param 'quantile': strconv.ParseFloat: parsing \\\"\\\": invalid syntax");
            assertBadRequest(server, "/api/metrics/errors?service=frontend&spanKind=sever",
                    "unable to parse param 'spanKind': unsupported span kind: 'sever'");
            assertBadRequest(server, "/api/metrics/calls?service=frontend&endTs=soon",
                    "unable to parse param 'endTs': strconv.ParseInt: parsing \\\"soon\\\": invalid syntax");
        }
    }

    @Test
    void underABasePath_theMonitorApiIsThereToo() {
        try (AllInOneServer server = AllInOneServer.start(config().with(Setting.QUERY_BASE_PATH, "/jaeger"))) {
            HttpResponse<String> response = HttpGets.get(server.queryPort(), "/jaeger/api/metrics/calls?service=a");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(HttpGets.json(response).get("name").asText()).isEqualTo("service_call_rate");
        }
    }

    private static void assertBadRequest(AllInOneServer server, String pathAndQuery, String escapedMessage) {
        HttpResponse<String> response = HttpGets.get(server.queryPort(), pathAndQuery);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":400,"
                + "\"msg\":\"" + escapedMessage + "\"}]}\n");
    }

    @Test
    void metricsStorageNone_answers501_butStillExposesTheSeries() {
        try (AllInOneServer server = AllInOneServer.start(config().with(Setting.METRICS_STORAGE, "none"))) {
            for (String path : new String[] {"/api/metrics/calls?service=a", "/api/metrics/latencies?quantile=0.5&service=a",
                    "/api/metrics/errors?service=a", "/api/metrics/minstep"}) {
                HttpResponse<String> response = HttpGets.get(server.queryPort(), path);
                assertThat(response.statusCode()).as(path).isEqualTo(501);
                assertThat(response.body()).isEqualTo("{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":"
                        + "[{\"code\":501,\"msg\":\"metrics querying is currently disabled\"}]}\n");
            }
            generate(server, 3);
            assertThat(HttpGets.get(server.adminPort(), "/metrics").body()).contains("calls_total{");
        }
    }

    @Test
    void restart_keepsTheStoredSeries() throws Exception {
        long endMs;
        String before;
        try (AllInOneServer server = AllInOneServer.start(config())) {
            generate(server, 20);
            awaitFamily(server.queryPort(), "calls", "",
                    f -> f.get("metrics").size() > 0 && f.get("metrics").get(0).get("metricPoints").size() > 2);
            // Every snapshot stamped up to endMs was taken at most half a resolution later, so before now.
            endMs = System.currentTimeMillis() - 2000;
            before = HttpGets.get(server.queryPort(), monitorQuery("calls", endMs, "")).body();
        }
        assertThat(before).contains("\"metricPoints\":[{\"gaugeValue\"");
        try (AllInOneServer server = AllInOneServer.start(config())) {
            assertThat(HttpGets.get(server.queryPort(), monitorQuery("calls", endMs, "")).body()).isEqualTo(before);
        }
    }

    private static long sum(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

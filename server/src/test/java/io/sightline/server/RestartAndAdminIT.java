package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.tracegen.GeneratedTrace;
import io.sightline.tracegen.GenerationReport;
import io.sightline.tracegen.TrafficGenerator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a user runs it: traffic from the generator, the admin port, a restart on the
 * same data directory, and the start-up failures a user can cause.
 */
class RestartAndAdminIT {

    @TempDir
    Path dataDir;

    private static GenerationReport generate(AllInOneServer server, int traces) {
        try (TrafficGenerator generator = TrafficGenerator.builder()
                .endpoint("http://127.0.0.1:" + server.otlpGrpcPort()).seed(42).build()) {
            GenerationReport report = generator.generate(traces);
            assertThat(report.hasFailures()).as("export failures: %s", report.lastFailure()).isFalse();
            return report;
        }
    }

    @Test
    void restartOnTheSameDirectory_keepsEveryAcknowledgedTrace() {
        GenerationReport report;
        String before;
        String someTraceId;
        try (AllInOneServer server = AllInOneServer.start(TestServers.config(dataDir))) {
            report = generate(server, 20);
            someTraceId = report.generatedTraces().get(7).traceId();
            before = HttpGets.get(server.queryPort(), "/api/traces/" + someTraceId).body();
        }
        try (AllInOneServer server = AllInOneServer.start(TestServers.config(dataDir))) {
            long spansFound = 0;
            for (GeneratedTrace trace : report.generatedTraces()) {
                String traceId = trace.traceId();
                HttpResponse<String> response = HttpGets.get(server.queryPort(), "/api/traces/" + traceId);
                assertThat(response.statusCode()).as(traceId).isEqualTo(200);
                spansFound += HttpGets.json(response).get("data").get(0).get("spans").size();
            }
            assertThat(spansFound).isEqualTo(report.spans());
            assertThat(HttpGets.get(server.queryPort(), "/api/traces/" + someTraceId).body()).isEqualTo(before);
            JsonNode services = HttpGets.json(HttpGets.get(server.queryPort(), "/api/services"));
            assertThat(services.get("data").toString()).contains("\"frontend\"", "\"driver\"");
        }
    }

    @Test
    void adminPort_answersHealthVersionAndCollectorMetrics() {
        try (AllInOneServer server = AllInOneServer.start(TestServers.config(dataDir))) {
            HttpResponse<String> health = HttpGets.get(server.adminPort(), "/");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode status = HttpGets.json(health);
            assertThat(status.get("status").asText()).isEqualTo("Server available");
            assertThat(status.get("upSince").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(status.get("uptime").asText()).matches("[0-9.]+(ns|µs|ms|s)|.*m.*s");
            assertThat(HttpGets.json(HttpGets.get(server.adminPort(), "/version")).has("gitVersion")).isTrue();
            assertThat(HttpGets.get(server.adminPort(), "/ready").statusCode()).isEqualTo(200);
            assertThat(HttpGets.get(server.adminPort(), "/live").statusCode()).isEqualTo(200);

            GenerationReport report = generate(server, 5);
            String metrics = HttpGets.get(server.adminPort(), "/metrics").body();
            assertThat(metrics).contains("jaeger_collector_spans_received_total{debug=\"false\",format=\"otlp\",svc=\"frontend\",transport=\"grpc\"}");
            assertThat(metrics).contains("jaeger_collector_spans_saved_by_svc_total{debug=\"false\",result=\"ok\",svc=\"frontend\"}");
            assertThat(metrics).contains("jaeger_collector_spans_dropped_total{host=");
            assertThat(metrics).contains("jaeger_collector_queue_length{host=");
            assertThat(metrics).contains("jaeger_collector_queue_capacity{host=");
            assertThat(metrics).contains("jaeger_collector_save_latency_bucket{host=");
            assertThat(metrics).contains("jaeger_collector_traces_received_total{");
            assertThat(metrics).contains("jaeger_build_info{");
            assertThat(metrics).contains("jvm_memory_used_bytes{").contains("jvm_threads_current ");
            assertThat(sumOf(metrics, "jaeger_collector_spans_received_total{")).isEqualTo(report.spans());
            assertThat(sumOf(metrics, "jaeger_collector_spans_saved_by_svc_total{")).isEqualTo(report.spans());
        }
    }

    private static long sumOf(String exposition, String seriesPrefix) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(seriesPrefix)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    @Test
    void secondServerOnALockedDirectory_failsNamingTheDirectory() {
        try (AllInOneServer first = AllInOneServer.start(TestServers.config(dataDir))) {
            assertThatThrownBy(() -> AllInOneServer.start(TestServers.config(dataDir)))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("cannot open storage")
                    .hasMessageContaining(dataDir.getFileName().toString())
                    .hasMessageContaining("lock");
        }
    }

    @Test
    void portAlreadyInUse_failsNamingThePortAndSetting() {
        try (AllInOneServer first = AllInOneServer.start(TestServers.config(dataDir.resolve("a")))) {
            var clash = TestServers.config(dataDir.resolve("b"))
                    .with(io.sightline.server.config.Setting.QUERY_HTTP_HOST_PORT, "127.0.0.1:" + first.queryPort());
            assertThatThrownBy(() -> AllInOneServer.start(clash))
                    .isInstanceOf(StartupException.class)
                    .hasMessage("port " + first.queryPort() + " (SIGHTLINE_QUERY_HTTP_HOST_PORT=127.0.0.1:"
                            + first.queryPort() + ") is already in use");
            // The failed start released what it had opened: the first server still serves.
            assertThat(HttpGets.get(first.queryPort(), "/api/services").statusCode()).isEqualTo(200);
        }
        // ...and the second store's directory is not left locked.
        try (AllInOneServer again = AllInOneServer.start(TestServers.config(dataDir.resolve("b")))) {
            assertThat(HttpGets.get(again.adminPort(), "/").statusCode()).isEqualTo(200);
        }
    }
}

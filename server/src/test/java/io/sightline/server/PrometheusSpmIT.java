package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.config.Setting;
import io.sightline.tracegen.GenerationReport;
import io.sightline.tracegen.TrafficGenerator;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus}, installed by {@code .ci/run}) scrapes Sightline's
 * {@code /metrics}; a second Sightline in {@code METRICS_STORAGE=prometheus} mode answers
 * {@code /api/metrics/*} from it with Jaeger's PromQL, and the answers agree with the first
 * server's embedded store for the same traffic.
 *
 * <p>Tolerance: Prometheus samples at its own scrape instants and the embedded store at its
 * snapshot instants (both every second here), so the two see the counters at instants up to a
 * second apart; over a 10 s rate window under steady traffic that can move a rate by a few
 * percent (about 2 % observed). Rates and latencies must agree within 10 % (relative), error
 * fractions within 0.02.
 */
class PrometheusSpmIT {
    private static final double RELATIVE_TOLERANCE = 0.10;
    private static final double ERROR_TOLERANCE = 0.02;

    @TempDir
    Path embeddedDir;
    @TempDir
    Path prometheusModeDir;
    @TempDir
    Path prometheusDir;

    @Test
    void prometheusScrapesSightline_andBothReadersAgree() throws Exception {
        try (AllInOneServer embedded = AllInOneServer.start(
                TestServers.config(embeddedDir).with(Setting.SPM_RESOLUTION_MS, "1000"))) {
            PrometheusProcess prometheus = PrometheusProcess.start(prometheusDir, embedded.adminPort());
            int prometheusPort = prometheus.port();
            try (prometheus; AllInOneServer viaPrometheus = AllInOneServer.start(TestServers.config(prometheusModeDir)
                    .with(Setting.METRICS_STORAGE, "prometheus")
                    .with(Setting.PROMETHEUS_SERVER_URL, "http://127.0.0.1:" + prometheusPort))) {
                prometheus.awaitReady();
                GenerationReport report;
                try (TrafficGenerator generator = TrafficGenerator.builder()
                        .endpoint("http://127.0.0.1:" + embedded.otlpGrpcPort()).seed(11).build()) {
                    report = generator.generateFor(Duration.ofSeconds(16), 25);
                }
                assertThat(report.hasFailures()).isFalse();
                long endMs = System.currentTimeMillis() - 1500;
                // Let Prometheus scrape past endMs, so that both have every sample up to it.
                Thread.sleep(3000);

                JsonNode query = queryPrometheus(prometheusPort, "calls_total");
                assertThat(query.get("status").asText()).isEqualTo("success");
                assertThat(query.get("data").get("result").toString())
                        .contains("\"service_name\":\"frontend\"", "\"span_kind\":\"SPAN_KIND_SERVER\"",
                                "\"status_code\":\"STATUS_CODE_UNSET\"", "\"span_name\":");

                for (String grouping : List.of("", "&groupByOperation=true")) {
                    compare(embedded, viaPrometheus, "calls", endMs, grouping, RELATIVE_TOLERANCE, true);
                    compare(embedded, viaPrometheus, "errors", endMs, grouping, ERROR_TOLERANCE, false);
                    for (String q : List.of("0.5", "0.95", "0.99")) {
                        compare(embedded, viaPrometheus, "latencies", endMs, grouping + "&quantile=" + q,
                                RELATIVE_TOLERANCE, true);
                    }
                }
            }
        }
    }





    private static JsonNode queryPrometheus(int port, String promQl) {
        return HttpGets.json(HttpGets.get(port, "/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)));
    }

    /** Every series' last point, keyed by its labels. */
    private static Map<String, Double> lastPoints(AllInOneServer server, String path, long endMs, String extra) {
        HttpResponse<String> response = HttpGets.get(server.queryPort(), "/api/metrics/" + path
                + "?service=frontend&endTs=" + endMs + "&lookback=5000&step=1000&ratePer=10000" + extra);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Double> last = new TreeMap<>();
        for (JsonNode metric : HttpGets.json(response).get("metrics")) {
            JsonNode points = metric.get("metricPoints");
            assertThat(points.size()).as(metric.toString()).isPositive();
            JsonNode point = points.get(points.size() - 1);
            assertThat(point.get("timestamp").asText()).isEqualTo(
                    java.time.Instant.ofEpochMilli(endMs).toString().replaceAll("(\\.\\d{3})\\d*Z$", "$1Z")
                            .replace(".000Z", "Z"));
            JsonNode value = point.get("gaugeValue").get("doubleValue");
            last.put(metric.get("labels").toString(), value.isTextual() ? Double.NaN : value.asDouble());
        }
        return last;
    }

    private static void compare(AllInOneServer embedded, AllInOneServer viaPrometheus, String path, long endMs,
                                String extra, double tolerance, boolean relative) {
        Map<String, Double> fromStore = lastPoints(embedded, path, endMs, extra);
        Map<String, Double> fromPrometheus = lastPoints(viaPrometheus, path, endMs, extra);
        String what = path + extra;
        assertThat(fromStore).as(what).isNotEmpty();
        assertThat(fromPrometheus.keySet()).as(what).isEqualTo(fromStore.keySet());
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Double> e : fromStore.entrySet()) {
            double a = e.getValue();
            double b = fromPrometheus.get(e.getKey());
            if (Double.isNaN(a) || Double.isNaN(b)) {
                if (Double.isNaN(a) != Double.isNaN(b)) {
                    mismatches.add(e.getKey() + ": embedded " + a + ", prometheus " + b);
                }
                continue;
            }
            double allowed = relative ? tolerance * Math.max(Math.abs(a), Math.abs(b)) : tolerance;
            if (Math.abs(a - b) > allowed) {
                mismatches.add(e.getKey() + ": embedded " + a + ", prometheus " + b);
            }
        }
        assertThat(mismatches).as(what).isEmpty();
    }
}

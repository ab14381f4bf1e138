package io.sightline.server;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.sightline.server.config.Setting;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPM with several collectors: each aggregates only the spans it accepted and exposes that share;
 * a real Prometheus (Debian's, as in {@link PrometheusSpmIT}) scrapes both, and a {@code query}
 * role reading Prometheus shows the whole traffic on the Monitor tab's API.
 */
class MultiCollectorSpmIT {
    private static final String SERVICE = "multi-collector-shop";

    @TempDir
    Path firstDir;
    @TempDir
    Path secondDir;
    @TempDir
    Path queryDir;
    @TempDir
    Path prometheusDir;

    @Test
    void twoCollectorsExportTheirShares_andPrometheusModeQueryShowsTheirSum() throws Exception {
        try (AllInOneServer first = collector(firstDir); AllInOneServer second = collector(secondDir)) {
            PrometheusProcess prometheus = PrometheusProcess.start(prometheusDir, first.adminPort(), second.adminPort());
            int prometheusPort = prometheus.port();
            try (prometheus; AllInOneServer query = AllInOneServer.start(TestServers.config(queryDir)
                    .with(Setting.ROLE, "query")
                    .with(Setting.METRICS_STORAGE, "prometheus")
                    .with(Setting.PROMETHEUS_SERVER_URL, "http://127.0.0.1:" + prometheusPort))) {
                prometheus.awaitReady();
                // In two rounds, with a scrape between them: a counter Prometheus first sees at its
                // final value has a rate of zero, and the Monitor API below shows rates.
                sendServerSpans(first.otlpGrpcPort(), 10);
                sendServerSpans(second.otlpGrpcPort(), 20);
                Eventually.within(Duration.ofSeconds(30), () -> assertThat(prometheusValue(prometheusPort,
                        "sum(calls_total{service_name=\"" + SERVICE + "\"})")).isEqualTo(30));
                sendServerSpans(first.otlpGrpcPort(), 20);
                sendServerSpans(second.otlpGrpcPort(), 30);

                // Each collector exposes only its own share...
                assertThat(callsIn(HttpGets.get(first.adminPort(), "/metrics").body())).isEqualTo(30);
                assertThat(callsIn(HttpGets.get(second.adminPort(), "/metrics").body())).isEqualTo(50);
                // ...and Prometheus, scraping both, adds them up.
                Eventually.within(Duration.ofSeconds(30), () -> assertThat(prometheusValue(prometheusPort,
                        "sum(calls_total{service_name=\"" + SERVICE + "\"})")).isEqualTo(80));
                Map<String, Double> byInstance = prometheusByInstance(prometheusPort,
                        "sum by (instance) (calls_total{service_name=\"" + SERVICE + "\"})");
                assertThat(byInstance).containsEntry("127.0.0.1:" + first.adminPort(), 30.0)
                        .containsEntry("127.0.0.1:" + second.adminPort(), 50.0);

                // The query role's Monitor API answers from Prometheus over both collectors.
                Eventually.within(Duration.ofSeconds(30), () -> {
                    HttpResponse<String> calls = HttpGets.get(query.queryPort(), "/api/metrics/calls?service=" + SERVICE
                            + "&endTs=" + System.currentTimeMillis() + "&lookback=60000&step=5000&ratePer=60000");
                    assertThat(calls.statusCode()).as(calls.body()).isEqualTo(200);
                    assertThat(calls.body()).contains("\"service_name\"", SERVICE);
                    assertThat(maxPoint(HttpGets.json(calls))).isPositive();
                });
            }
        }
    }

    private static AllInOneServer collector(Path dir) {
        return AllInOneServer.start(TestServers.config(dir).with(Setting.ROLE, "collector").with(Setting.STORAGE, "memory"));
    }

    private static void sendServerSpans(int otlpGrpcPort, int count) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(stringKey("service.name"), SERVICE)))
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpGrpcSpanExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + otlpGrpcPort).build()))
                .build();
        Tracer tracer = provider.get("io.sightline.spm");
        for (int i = 0; i < count; i++) {
            tracer.spanBuilder("GET /cart").setSpanKind(SpanKind.SERVER).setNoParent().startSpan().end();
        }
        assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }

    /** The collector's {@code calls_total} for the test service, summed over its series. */
    private static double callsIn(String exposition) {
        return exposition.lines()
                .filter(line -> line.startsWith("calls_total{") && line.contains("service_name=\"" + SERVICE + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static double prometheusValue(int port, String promQl) {
        JsonNode result = query(port, promQl).path("data").path("result");
        return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
    }

    private static Map<String, Double> prometheusByInstance(int port, String promQl) {
        Map<String, Double> out = new HashMap<>();
        for (JsonNode series : query(port, promQl).path("data").path("result")) {
            out.put(series.path("metric").path("instance").asText(), series.path("value").get(1).asDouble());
        }
        return out;
    }

    private static JsonNode query(int port, String promQl) {
        return HttpGets.json(HttpGets.get(port, "/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)));
    }

    private static double maxPoint(JsonNode response) {
        double max = Double.NEGATIVE_INFINITY;
        for (JsonNode metric : response.path("metrics")) {
            for (JsonNode point : metric.path("metricPoints")) {
                JsonNode value = point.path("gaugeValue").path("doubleValue");
                if (value.isNumber()) {
                    max = Math.max(max, value.asDouble());
                }
            }
        }
        return max;
    }




}

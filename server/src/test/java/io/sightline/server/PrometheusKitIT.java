package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sightline.tracegen.GenerationReport;
import io.sightline.tracegen.TrafficGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Prometheus files pass Prometheus's own checker ({@code promtool}, from Debian's
 * {@code prometheus} package, which {@code .ci/run} installs), and every metric their alert
 * expressions and the Grafana dashboard's queries use is one a server that has received
 * traffic really exposes.
 */
class PrometheusKitIT {
    private static final Path KIT = Path.of("..", "deploy", "prometheus");
    /** Words in PromQL expressions that are not metric names. */
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "by", "rate", "max", "min", "clamp_min", "without",
            "avg", "count", "increase", "histogram_quantile", "on", "ignoring", "group_left", "group_right", "and",
            "or", "unless", "le", "instance", "reason", "result", "job", "up", "e", "topk", "label_values",
            "service_name", "span_name", "span_kind", "status_code");
    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana-dashboards", "sightline-spm-dashboard.json");

    @TempDir
    static Path dataDir;

    @Test
    void promtoolAcceptsTheScrapeConfigAndTheRules() throws Exception {
        assertThat(promtool("check", "config", KIT.resolve("prometheus.yml").toString())).contains("SUCCESS");
        assertThat(promtool("check", "rules", KIT.resolve("sightline-alerts.yml").toString()))
                .contains("SUCCESS").contains("rules found");
    }

    @Test
    void everyMetricTheAlertsUse_isExposedByAServerThatReceivedTraffic() throws Exception {
        Set<String> used = new TreeSet<>();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(KIT.resolve("sightline-alerts.yml").toFile());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                used.addAll(metricNames(rule.path("expr").asText()));
            }
        }
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                used.addAll(metricNames(target.path("expr").asText().replace("$__rate_interval", "5m")));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            used.addAll(metricNames(variable.path("definition").asText()));
        }
        assertThat(used).contains("jaeger_collector_spans_received_total", "sightline_storage_volume_free_bytes",
                "calls_total", "duration_milliseconds_bucket");

        try (AllInOneServer server = AllInOneServer.start(TestServers.config(dataDir))) {
            try (TrafficGenerator generator = TrafficGenerator.builder()
                    .endpoint("http://127.0.0.1:" + server.otlpGrpcPort()).seed(7).build()) {
                GenerationReport report = generator.generate(5);
                assertThat(report.hasFailures()).isFalse();
            }
            // One refused request, so that the rejection counter has a series.
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"x\":"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            String exposition = HttpGets.get(server.adminPort(), "/metrics").body();
            for (String name : used) {
                assertThat(exposition).as(name + " in /metrics").containsPattern("(?m)^" + Pattern.quote(name) + "[{ ]");
            }
        }
    }

    static Set<String> metricNames(String expression) {
        String withoutLabels = expression.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\"[^\"]*\"", " ");
        Set<String> names = new TreeSet<>();
        Matcher words = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(withoutLabels);
        while (words.find()) {
            if (!PROMQL_WORDS.contains(words.group())) {
                names.add(words.group());
            }
        }
        return names;
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("promtool " + String.join(" ", args) + ":\n" + output).isZero();
        return output;
    }
}

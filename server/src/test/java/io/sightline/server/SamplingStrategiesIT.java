package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.internal.samplers.HttpSamplingManager;
import io.jaegertracing.internal.samplers.RemoteControlledSampler;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.extension.trace.jaeger.sampler.JaegerRemoteSampler;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strategies file served on every sampling endpoint, applied by the real clients that poll
 * them: the OpenTelemetry SDK's Jaeger remote sampler over gRPC (14250) and the Jaeger Java
 * client's remote-controlled sampler over the agent's HTTP port (5778). Editing the file
 * changes what both sample, with no restart; a bad edit changes nothing.
 */
class SamplingStrategiesIT {
    private static final String STRATEGIES = """
            {"default_strategy": {"type": "probabilistic", "param": 1},
             "service_strategies": [
               {"service": "silent", "type": "probabilistic", "param": 0},
               {"service": "shop", "type": "probabilistic", "param": 0,
                "operation_strategies": [{"operation": "checkout", "type": "probabilistic", "param": 1}]},
               {"service": "limited", "type": "ratelimiting", "param": 7}]}""";
    private static final Duration PICKED_UP = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private AllInOneServer server;
    private Path file;

    private void start(String strategies) throws IOException {
        file = dir.resolve("strategies.json");
        Files.writeString(file, strategies);
        server = AllInOneServer.start(config());
    }

    private SightlineConfig config() {
        return TestServers.config(dir.resolve("data"))
                .with(Setting.STORAGE, "memory")
                .with(Setting.SAMPLING_STRATEGIES_FILE, file.toString())
                .with(Setting.SAMPLING_STRATEGIES_RELOAD_INTERVAL, "100ms");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyHttpEndpoint_servesJaegerJson() throws IOException {
        start(STRATEGIES);
        String limited = "{\"strategyType\":\"RATE_LIMITING\",\"rateLimitingSampling\":{\"maxTracesPerSecond\":7}}";

        HttpResponse<String> agent = HttpGets.get(server.samplingHttpPort(), "/sampling?service=limited");
        assertThat(agent.statusCode()).isEqualTo(200);
        assertThat(agent.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(agent.body()).isEqualTo(limited);
        assertThat(HttpGets.get(server.jaegerHttpPort(), "/api/sampling?service=limited").body()).isEqualTo(limited);
        assertThat(HttpGets.get(server.samplingHttpPort(), "/?service=limited").body())
                .isEqualTo("{\"strategyType\":1,\"rateLimitingSampling\":{\"maxTracesPerSecond\":7}}");
        assertThat(HttpGets.get(server.samplingHttpPort(), "/sampling?service=nobody").body())
                .isEqualTo("{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":1}}");
        assertThat(HttpGets.get(server.queryPort(), "/api/sampling/explain?service=limited").body())
                .isEqualTo("{\"service\":\"limited\",\"mode\":\"file\",\"strategy\":" + limited + "}");
    }

    @Test
    void missingOrRepeatedServiceParameter_is400NamingIt() throws IOException {
        start(STRATEGIES);
        for (HttpResponse<String> response : List.of(
                HttpGets.get(server.samplingHttpPort(), "/sampling"),
                HttpGets.get(server.samplingHttpPort(), "/?service=a&service=b"),
                HttpGets.get(server.jaegerHttpPort(), "/api/sampling?other=x"),
                HttpGets.get(server.queryPort(), "/api/sampling/explain"))) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("'service' parameter must be provided once");
        }
    }

    @Test
    void openTelemetryRemoteSamplerOverGrpc_appliesAndFollowsTheFile() throws IOException {
        start(STRATEGIES);
        try (JaegerRemoteSampler silent = otelSampler("silent"); JaegerRemoteSampler shop = otelSampler("shop")) {
            Eventually.within(PICKED_UP, () -> assertThat(otelSampled(shop, "checkout", 50)).isEqualTo(50));
            assertThat(otelSampled(shop, "browse", 200)).isZero();
            assertThat(otelSampled(silent, "anything", 200)).isZero();

            Files.writeString(file, STRATEGIES.replace("\"service\": \"silent\", \"type\": \"probabilistic\", \"param\": 0",
                    "\"service\": \"silent\", \"type\": \"probabilistic\", \"param\": 1"));

            Eventually.within(PICKED_UP, () -> assertThat(otelSampled(silent, "anything", 50)).isEqualTo(50));
        }
    }

    @Test
    void jaegerClientRemoteSamplerOverAgentHttp_appliesAndFollowsTheFile() throws IOException {
        start(STRATEGIES);
        RemoteControlledSampler shop = jaegerSampler("shop");
        RemoteControlledSampler silent = jaegerSampler("silent");
        try {
            Eventually.within(PICKED_UP, () -> assertThat(jaegerSampled(shop, "checkout", 50)).isEqualTo(50));
            // the client guarantees every operation a lower bound through a rate limiter that
            // starts with one credit, even at 0 traces per second: at most that one is sampled
            assertThat(jaegerSampled(shop, "browse", 200)).isLessThanOrEqualTo(1);
            Eventually.within(PICKED_UP, () -> assertThat(jaegerSampled(silent, "anything", 200)).isZero());

            Files.writeString(file, STRATEGIES.replace("\"operation\": \"checkout\", \"type\": \"probabilistic\", \"param\": 1",
                    "\"operation\": \"checkout\", \"type\": \"probabilistic\", \"param\": 0"));

            Eventually.within(PICKED_UP, () -> assertThat(jaegerSampled(shop, "checkout", 200)).isLessThanOrEqualTo(1));
        } finally {
            shop.close();
            silent.close();
        }
    }

    @Test
    void bothClientsRunning_followOneEditWithoutRestart() throws IOException {
        start(STRATEGIES);
        RemoteControlledSampler jaeger = jaegerSampler("silent");
        try (JaegerRemoteSampler otel = otelSampler("silent")) {
            Eventually.within(PICKED_UP, () -> assertThat(HttpGets.get(server.samplingHttpPort(), "/?service=silent")
                    .body()).contains("\"samplingRate\":0"));
            Eventually.within(PICKED_UP, () -> assertThat(otel.toString()).contains("0.000000"));
            assertThat(otelSampled(otel, "op", 200)).isZero();
            assertThat(jaegerSampled(jaeger, "op", 200)).isZero();

            Files.writeString(file, STRATEGIES.replace("\"service\": \"silent\", \"type\": \"probabilistic\", \"param\": 0",
                    "\"service\": \"silent\", \"type\": \"probabilistic\", \"param\": 1"));

            Eventually.within(PICKED_UP, () -> {
                assertThat(otelSampled(otel, "op", 50)).isEqualTo(50);
                assertThat(jaegerSampled(jaeger, "op", 50)).isEqualTo(50);
            });
        } finally {
            jaeger.close();
        }
    }

    @Test
    void unknownSamplingType_stopsStartUpNamingIt() throws IOException {
        file = dir.resolve("strategies.json");
        Files.writeString(file, STRATEGIES);

        assertThatThrownBy(() -> AllInOneServer.start(config().with(Setting.SAMPLING_CONFIG_TYPE, "static")))
                .hasMessage("SIGHTLINE_SAMPLING_CONFIG_TYPE: unknown sampling type 'static' (expected: file or adaptive)");
    }

    @Test
    void malformedEdit_keepsTheLastGoodStrategiesAndIsCounted() throws IOException {
        start(STRATEGIES);
        String before = HttpGets.get(server.samplingHttpPort(), "/sampling?service=silent").body();

        Files.writeString(file, "{\"default_strategy\": {\"type\": \"probabilistic\", \"param\": 2}}");
        Eventually.within(PICKED_UP, () -> assertThat(reloadFailures()).isEqualTo(1));
        assertThat(HttpGets.get(server.samplingHttpPort(), "/sampling?service=silent").body()).isEqualTo(before);

        Files.writeString(file, "{\"default_strategy\": {\"type\": \"always\", \"param\": 1}}");
        Eventually.within(PICKED_UP, () -> assertThat(reloadFailures()).isEqualTo(2));
        assertThat(HttpGets.get(server.samplingHttpPort(), "/sampling?service=silent").body()).isEqualTo(before);

        Files.writeString(file, "{\"default_strategy\": {\"type\": \"ratelimiting\", \"param\": 3}}");
        Eventually.within(PICKED_UP, () -> assertThat(HttpGets.get(server.samplingHttpPort(), "/sampling?service=silent")
                .body()).contains("\"maxTracesPerSecond\":3"));
        assertThat(reloadFailures()).isEqualTo(2);
        assertThat(HttpGets.get(server.adminPort(), "/metrics").body())
                .contains("sightline_sampling_reload_failures_total 2.0")
                .contains("sightline_sampling_last_reload_success_timestamp_seconds");
    }

    @Test
    void malformedFileAtStartUp_stopsStartUpNamingLineAndColumn() throws IOException {
        file = dir.resolve("strategies.json");
        Files.writeString(file, "{\n  \"service_strategies\": [\n    {\"service\": \"a\", \"type\": \"probabilistic\", \"param\": 1.5}\n  ]\n}");

        assertThatThrownBy(() -> AllInOneServer.start(config()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("SIGHTLINE_SAMPLING_STRATEGIES_FILE: " + file)
                .hasMessageContaining("line 3, column")
                .hasMessageContaining("service_strategies[0]")
                .hasMessageContaining("probability 1.5 (expected: between 0 and 1)");
    }

    @Test
    void missingFileAtStartUp_stopsStartUpNamingIt() {
        file = dir.resolve("absent.json");

        assertThatThrownBy(() -> AllInOneServer.start(config()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("cannot read sampling strategies " + file);
    }

    private double reloadFailures() {
        for (MetricSnapshot snapshot : server.registry().scrape()) {
            if (snapshot.getMetadata().getName().equals("sightline_sampling_reload_failures")) {
                return ((CounterSnapshot) snapshot).getDataPoints().get(0).getValue();
            }
        }
        throw new AssertionError("no sightline_sampling_reload_failures_total metric");
    }

    private JaegerRemoteSampler otelSampler(String service) {
        return JaegerRemoteSampler.builder()
                .setEndpoint("http://127.0.0.1:" + server.jaegerGrpcPort())
                .setServiceName(service)
                .setPollingInterval(Duration.ofMillis(100))
                .setInitialSampler(Sampler.alwaysOff())
                .build();
    }

    private static int otelSampled(Sampler sampler, String operation, int tries) {
        int sampled = 0;
        for (int i = 0; i < tries; i++) {
            if (sampler.shouldSample(Context.root(), IdGenerator.random().generateTraceId(), operation,
                    SpanKind.SERVER, Attributes.empty(), List.of()).getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
                sampled++;
            }
        }
        return sampled;
    }

    private RemoteControlledSampler jaegerSampler(String service) {
        return new RemoteControlledSampler.Builder(service)
                .withSamplingManager(new HttpSamplingManager("127.0.0.1:" + server.samplingHttpPort()))
                .withInitialSampler(new ConstSampler(false))
                .withPollingInterval(100)
                .build();
    }

    private static int jaegerSampled(RemoteControlledSampler sampler, String operation, int tries) {
        int sampled = 0;
        for (int i = 0; i < tries; i++) {
            if (sampler.sample(operation, ThreadLocalRandom.current().nextLong()).isSampled()) {
                sampled++;
            }
        }
        return sampled;
    }
}

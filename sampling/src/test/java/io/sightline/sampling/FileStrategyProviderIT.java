package io.sightline.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strategies file read from disk and from an http(s) URL, and re-read on demand. */
class FileStrategyProviderIT {
    private static final String HALF = "{\"default_strategy\": {\"type\": \"probabilistic\", \"param\": 0.5}}";
    private static final String LIMITED = "{\"default_strategy\": {\"type\": \"ratelimiting\", \"param\": 9}}";

    @TempDir
    Path dir;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicReference<String> body = new AtomicReference<>(HALF);
    private final AtomicInteger status = new AtomicInteger(200);
    private Server http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.stop().join();
        }
    }

    private String url() {
        http = Server.builder().http(0)
                .service("/strategies.json", (ctx, req) -> HttpResponse.of(HttpStatus.valueOf(status.get()),
                        MediaType.JSON, body.get()))
                .build();
        http.start().join();
        return "http://127.0.0.1:" + http.activeLocalPort() + "/strategies.json";
    }

    private static String served(FileStrategyProvider provider) {
        return StrategyJson.protoJson(provider.strategyFor("any"));
    }

    private double failures() {
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (snapshot.getMetadata().getName().equals("sightline_sampling_reload_failures")) {
                return ((CounterSnapshot) snapshot).getDataPoints().get(0).getValue();
            }
        }
        throw new AssertionError("no reload failure counter");
    }

    @Test
    void noSource_samplesEverything() {
        try (FileStrategyProvider provider = FileStrategyProvider.start("", 0, registry)) {
            assertThat(served(provider)).contains("\"samplingRate\":1");
        }
    }

    @Test
    void localFile_changeIsAppliedAndBadEditIsKeptOut() throws IOException {
        Path file = dir.resolve("s.json");
        Files.writeString(file, HALF);
        try (FileStrategyProvider provider = FileStrategyProvider.start(file.toString(), 0, registry)) {
            assertThat(served(provider)).contains("\"samplingRate\":0.5");

            Files.writeString(file, "{\"default_strategy\": ");
            provider.reload();
            provider.reload();
            assertThat(served(provider)).contains("\"samplingRate\":0.5");
            assertThat(failures()).as("an unchanged bad file is counted once").isEqualTo(1);

            Files.writeString(file, LIMITED);
            provider.reload();
            assertThat(served(provider)).contains("\"maxTracesPerSecond\":9");
        }
    }

    @Test
    void url_isFetchedAndReFetched() {
        try (FileStrategyProvider provider = FileStrategyProvider.start(url(), 0, registry)) {
            assertThat(served(provider)).contains("\"samplingRate\":0.5");

            body.set(LIMITED);
            provider.reload();
            assertThat(served(provider)).contains("\"maxTracesPerSecond\":9");

            status.set(500);
            provider.reload();
            assertThat(served(provider)).contains("\"maxTracesPerSecond\":9");
            assertThat(failures()).isEqualTo(1);
        }
    }

    @Test
    void urlAnswering503AtStartUp_samplesEverythingUntilItServesAFile() {
        status.set(503);
        try (FileStrategyProvider provider = FileStrategyProvider.start(url(), 0, registry)) {
            assertThat(served(provider)).contains("\"samplingRate\":1");

            status.set(200);
            provider.reload();
            assertThat(served(provider)).contains("\"samplingRate\":0.5");
        }
    }

    @Test
    void urlAnsweringAnErrorAtStartUp_isRefusedNamingIt() {
        status.set(404);
        String url = url();
        assertThatThrownBy(() -> FileStrategyProvider.start(url, 0, registry))
                .isInstanceOf(StrategiesFileException.class)
                .hasMessage("cannot read sampling strategies " + url + ": HTTP 404");
    }
}

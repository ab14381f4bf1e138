package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.core.model.TraceId;
import io.sightline.server.config.Setting;
import io.sightline.storage.rocksdb.RocksDbStorage;
import io.sightline.storage.rocksdb.RocksDbStorageOptions;
import io.sightline.tracegen.GeneratedTrace;
import io.sightline.tracegen.GenerationReport;
import io.sightline.tracegen.TrafficGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot taken under load, restored into a new directory, holds every span acknowledged
 * before the backup began; restore refuses to overwrite.
 */
class BackupRestoreIT {
    @TempDir
    Path dir;

    @Test
    void backupUnderLoad_restoredIntoANewDirectory_keepsEverySpanAcknowledgedBeforeIt() throws Exception {
        Path snapshot;
        GenerationReport before;
        try (AllInOneServer server = AllInOneServer.start(TestServers.config(dir.resolve("data"))
                .with(Setting.BACKUP_DIR, dir.resolve("backups").toString()))) {
            String endpoint = "http://127.0.0.1:" + server.otlpGrpcPort();
            try (TrafficGenerator generator = TrafficGenerator.builder().endpoint(endpoint).seed(21).build()) {
                before = generator.generate(40);
            }
            assertThat(before.hasFailures()).isFalse();

            AtomicBoolean loading = new AtomicBoolean(true);
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                try (TrafficGenerator generator = TrafficGenerator.builder().endpoint(endpoint).seed(22).build()) {
                    while (loading.get()) {
                        generator.generate(5);
                    }
                }
            });
            try {
                Thread.sleep(300);
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.adminPort() + "/admin/backup"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode body = HttpGets.json(response);
                snapshot = Path.of(body.get("snapshot").asText());
                assertThat(snapshot.getParent()).isEqualTo(dir.resolve("backups").toAbsolutePath());
                assertThat(body.get("tookMs").asLong()).isNotNegative();
            } finally {
                loading.set(false);
                load.join();
            }
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.adminPort() + "/admin/backup")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        }

        Path restored = dir.resolve("restored");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SightlineMain.run(new String[] {"restore", snapshot.toString(), restored.toString()}, Map.of(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("restored").contains(restored.toString());

        try (RocksDbStorage storage = RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(restored).build())) {
            for (GeneratedTrace trace : before.generatedTraces()) {
                assertThat(storage.getTrace(TraceId.fromHex(trace.traceId())))
                        .as("trace %s", trace.traceId()).get()
                        .satisfies(t -> assertThat(t.spans()).hasSize(trace.spanCount()));
            }
        }

        int again = SightlineMain.run(new String[] {"restore", snapshot.toString(), restored.toString()}, Map.of(),
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(again).isNotZero();
        assertThat(err.toString()).contains("is not empty");
        int notASnapshot = SightlineMain.run(new String[] {"restore", Files.createDirectories(dir.resolve("x")).toString(),
                dir.resolve("y").toString()}, Map.of(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(notASnapshot).isNotZero();
        assertThat(err.toString()).contains("is not a snapshot");
    }
}

package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.TraceId;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import io.sightline.storage.rocksdb.RocksDbStorage;
import io.sightline.storage.rocksdb.RocksDbStorageOptions;
import io.sightline.storage.rocksdb.SplitSnapshot;
import io.sightline.tracegen.GeneratedTrace;
import io.sightline.tracegen.GenerationReport;
import io.sightline.tracegen.TrafficGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's modes, through the whole server: separate key/value directories, ephemeral, read-only. */
class StoreModesIT {
    @TempDir
    Path dir;

    private static GenerationReport send(AllInOneServer server, long seed, int traces) {
        try (TrafficGenerator generator = TrafficGenerator.builder()
                .endpoint("http://127.0.0.1:" + server.otlpGrpcPort()).seed(seed).build()) {
            GenerationReport report = generator.generate(traces);
            assertThat(report.hasFailures()).isFalse();
            return report;
        }
    }

    private static HttpResponse<String> post(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample line of {@code /metrics}, or -1 when the line is missing. */
    private static double sample(AllInOneServer server, String seriesPrefix) {
        String body = HttpGets.get(server.adminPort(), "/metrics").body();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(seriesPrefix) + " (\\S+)$").matcher(body);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }

    @Test
    void readOnlyServer_answersQueriesOnTheOwnersStore_withNoIngestPort_andFollowsNewSpans() throws Exception {
        Path data = dir.resolve("data");
        try (AllInOneServer owner = AllInOneServer.start(TestServers.config(data))) {
            GenerationReport first = send(owner, 31, 5);
            SightlineConfig readOnlyConfig = TestServers.config(data)
                    .with(Setting.STORAGE_READ_ONLY, "true")
                    .with(Setting.STORAGE_READ_ONLY_CATCH_UP_INTERVAL, "100ms");
            try (AllInOneServer reader = AllInOneServer.start(readOnlyConfig)) {
                assertThat(HttpGets.get(reader.adminPort(), "/ready").statusCode()).isEqualTo(200);
                assertThat(reader.otlpGrpcPort()).isEqualTo(-1);
                assertThat(reader.otlpHttpPort()).isEqualTo(-1);
                assertThat(reader.jaegerGrpcPort()).isEqualTo(-1);
                assertThat(reader.jaegerHttpPort()).isEqualTo(-1);
                assertThat(reader.zipkinPort()).isEqualTo(-1);
                assertThat(reader.agentCompactPort()).isEqualTo(-1);
                assertThat(reader.samplingHttpPort()).isEqualTo(-1);

                String firstTrace = first.generatedTraces().get(0).traceId();
                assertThat(HttpGets.get(reader.queryPort(), "/api/traces/" + firstTrace).statusCode()).isEqualTo(200);

                GeneratedTrace later = send(owner, 32, 1).generatedTraces().get(0);
                Eventually.within(Duration.ofSeconds(30), () -> assertThat(
                        HttpGets.get(reader.queryPort(), "/api/traces/" + later.traceId()).statusCode()).isEqualTo(200));
                assertThat(HttpGets.json(HttpGets.get(reader.queryPort(), "/api/services")).get("data"))
                        .isNotEmpty();

                HttpResponse<String> backup = post(reader.adminPort(), "/admin/backup");
                assertThat(backup.statusCode()).isEqualTo(501);
                assertThat(backup.body()).contains("read-only");
                assertThat(sample(reader, "sightline_storage_read_duration_seconds_count{operation=\"get_trace\"}"))
                        .isGreaterThanOrEqualTo(2);
            }
            // The owner is untouched by the reader coming and going.
            send(owner, 33, 1);
            assertThat(HttpGets.get(owner.adminPort(), "/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void readOnlyServer_withoutAnOwnersStore_failsToStartNamingTheDirectory() {
        Path missing = dir.resolve("none");
        SightlineConfig config = TestServers.config(missing).with(Setting.STORAGE_READ_ONLY, "true");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AllInOneServer.start(config).close())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("no store to open read-only")
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void ephemeralServer_keepsItsStoreInATemporaryDirectory_goneAfterShutdown() throws Exception {
        Path data = dir.resolve("data");
        Path where;
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(StorageFactory.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (AllInOneServer server = AllInOneServer.start(TestServers.config(data)
                .with(Setting.STORAGE_EPHEMERAL, "true"))) {
            logger.detachAppender(logged);
            assertThat(logged.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                    .contains("SIGHTLINE_STORAGE_EPHEMERAL=true: ignoring SIGHTLINE_DATA_DIR=" + data));
            GeneratedTrace trace = send(server, 41, 1).generatedTraces().get(0);
            assertThat(HttpGets.get(server.queryPort(), "/api/traces/" + trace.traceId()).statusCode()).isEqualTo(200);
            where = ((RocksDbStorage) server.storage()).directory();
            assertThat(where).exists().isNotEqualTo(data.toAbsolutePath());
            assertThat(where.resolve("spm")).exists();
        }
        assertThat(where).doesNotExist();
        assertThat(data).doesNotExist();
    }

    @Test
    void separateKeyAndValueDirectories_holdWhatTheySay_andBackUpAndRestoreIntoBoth() throws Exception {
        Path keys = dir.resolve("keys");
        Path values = dir.resolve("values");
        GenerationReport sent;
        Path snapshot;
        try (AllInOneServer server = AllInOneServer.start(TestServers.config(dir.resolve("unused"))
                .with(Setting.STORAGE_KEY_DIR, keys.toString())
                .with(Setting.STORAGE_VALUE_DIR, values.toString())
                .with(Setting.BACKUP_DIR, dir.resolve("backups").toString()))) {
            sent = send(server, 51, 20);
            HttpResponse<String> backup = post(server.adminPort(), "/admin/backup");
            assertThat(backup.statusCode()).as(backup.body()).isEqualTo(200);
            snapshot = Path.of(HttpGets.json(backup).get("snapshot").asText());
            assertThat(sample(server, "sightline_storage_volume_free_bytes")).isPositive();
            assertThat(sample(server, "sightline_storage_used_bytes")).isPositive();
        }
        assertThat(dir.resolve("unused").resolve("spm")).doesNotExist();
        assertThat(keys.resolve("CURRENT")).exists();
        assertThat(keys.resolve("archive")).exists();
        assertThat(fileNames(values)).isNotEmpty().allMatch(name -> name.endsWith(".sst"));
        assertThat(fileNames(snapshot.resolve(SplitSnapshot.VALUES))).isNotEmpty();

        Path restoredKeys = dir.resolve("restored-keys");
        Path restoredValues = dir.resolve("restored-values");
        StringWriter err = new StringWriter();
        int exit = SightlineMain.run(new String[] {"restore", snapshot.toString(), restoredKeys.toString(),
                restoredValues.toString()}, Map.of(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        try (RocksDbStorage storage = RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(restoredKeys)
                .valueDirectory(restoredValues).build())) {
            for (GeneratedTrace trace : sent.generatedTraces()) {
                assertThat(storage.getTrace(TraceId.fromHex(trace.traceId()))).as("trace %s", trace.traceId()).get()
                        .satisfies(t -> assertThat(t.spans()).hasSize(trace.spanCount()));
            }
        }
        assertThat(fileNames(restoredValues)).isNotEmpty().allMatch(name -> name.endsWith(".sst"));
    }

    private static java.util.List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList();
        }
    }
}

package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.config.ConfigException;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention settings, the disk-usage guard and the store's self-metrics on a running server. */
class StorageGuardsIT {
    @TempDir
    Path dir;

    @Test
    void jaegerTtlVariable_setsTheRetention_andBadValuesAreNamed() {
        assertThat(SightlineConfig.resolve(Map.of(), Map.of("BADGER_SPAN_STORE_TTL", "72h")).retention())
                .isEqualTo(Duration.ofHours(72));
        assertThat(SightlineConfig.defaults().retention()).isEqualTo(Duration.ofHours(168));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(),
                        Map.of("SIGHTLINE_RETENTION", "a week")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("SIGHTLINE_RETENTION: ");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(),
                        Map.of("SIGHTLINE_STORAGE_PARTITION_DURATION", "90s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("whole number of minutes");
    }

    @Test
    void volumeBelowTheFreeSpaceFloor_refusesIngestRetryably_andSaysSo() throws Exception {
        try (AllInOneServer server = AllInOneServer.start(TestServers.config(dir)
                .with(Setting.STORAGE_MIN_FREE_BYTES, Long.toString(Long.MAX_VALUE)))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"resourceSpans\":[{\"resource\":{\"attributes\":"
                            + "[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"full-disk\"}}]},\"scopeSpans\":"
                            + "[{\"spans\":[{\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":"
                            + "\"0000000000000001\",\"name\":\"op\",\"startTimeUnixNano\":\"1700000000000000000\","
                            + "\"endTimeUnixNano\":\"1700000000001000000\"}]}]}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("retry-after")).isPresent();
            assertThat(response.body()).contains("ingest refused: only").contains("SIGHTLINE_STORAGE_MIN_FREE_BYTES");
            String metrics = HttpGets.get(server.adminPort(), "/metrics").body();
            assertThat(metrics).contains("sightline_storage_ingest_refused 1.0")
                    .contains("sightline_ingest_rejected_requests_total{format=\"otlp\",reason=\"disk_full\",transport=\"http\"} 1.0");
            assertThat(HttpGets.get(server.queryPort(), "/api/services").body()).doesNotContain("full-disk");
        }
    }

    @Test
    void storeSelfMetrics_describeThePartitions() throws Exception {
        try (AllInOneServer server = AllInOneServer.start(TestServers.config(dir))) {
            try (var generator = io.sightline.tracegen.TrafficGenerator.builder()
                    .endpoint("http://127.0.0.1:" + server.otlpGrpcPort()).seed(3).build()) {
                assertThat(generator.generate(3).hasFailures()).isFalse();
            }
            String metrics = HttpGets.get(server.adminPort(), "/metrics").body();
            assertThat(metrics).contains("sightline_storage_partitions 1.0")
                    .contains("sightline_storage_partition_bytes{partition=\"spans-")
                    .contains("sightline_storage_partitions_bytes ")
                    .contains("sightline_storage_oldest_partition_start_seconds ")
                    .contains("sightline_storage_compaction_pending_partitions ")
                    .contains("sightline_storage_partitions_dropped_total 0.0")
                    .contains("sightline_storage_ingest_refused 0.0");
        }
    }
}

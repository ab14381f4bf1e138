package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.kafka.KafkaTestBroker;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import io.sightline.storage.opensearch.SearchEngineExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole scale-out topology with every process running at once: the OpenTelemetry SDK sends to
 * a {@code collector} writing to a real Kafka broker, an {@code ingester} consumes the topic into a
 * real OpenSearch, and two {@code query} replicas on that cluster both find every span, once each,
 * even a message delivered twice.
 */
class ScaleOutOpenSearchIT {
    @RegisterExtension
    static final SearchEngineExtension ENGINE = SearchEngineExtension.opensearch();
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path collectorDir;
    @TempDir
    Path ingesterDir;
    @TempDir
    Path queryDirA;
    @TempDir
    Path queryDirB;

    private SightlineConfig onCluster(Path dir, String role) {
        return TestServers.config(dir)
                .with(Setting.ROLE, role)
                .with(Setting.STORAGE, "opensearch")
                .with(Setting.ES_SERVER_URLS, ENGINE.url().toString())
                .with(Setting.ES_INDEX_PREFIX, "scale-out")
                .with(Setting.ES_NUM_SHARDS, "1")
                .with(Setting.ES_NUM_REPLICAS, "0");
    }

    @Test
    void collectorKafkaIngesterOpenSearch_andTwoQueryReplicas_seeEverySpanOnce() {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        String topic = broker.createTopic("scale-out-opensearch", 3);
        try (AllInOneServer ingester = AllInOneServer.start(onCluster(ingesterDir, "ingester")
                     .with(Setting.KAFKA_CONSUMER_BROKERS, broker.bootstrapServers())
                     .with(Setting.KAFKA_CONSUMER_TOPIC, topic)
                     .with(Setting.KAFKA_CONSUMER_GROUP_ID, "scale-out-opensearch"));
             AllInOneServer queryA = AllInOneServer.start(onCluster(queryDirA, "query"));
             AllInOneServer queryB = AllInOneServer.start(onCluster(queryDirB, "query"));
             AllInOneServer collector = AllInOneServer.start(TestServers.config(collectorDir)
                     .with(Setting.ROLE, "collector")
                     .with(Setting.STORAGE, "kafka")
                     .with(Setting.KAFKA_PRODUCER_BROKERS, broker.bootstrapServers())
                     .with(Setting.KAFKA_PRODUCER_TOPIC, topic))) {
            List<String> spanIds = new ArrayList<>();
            String traceId = ScaleOutIT.sendTrace(collector.otlpGrpcPort(), spanIds);
            Eventually.within(WAIT, () -> assertThat(ScaleOutIT.spansWritten(ingester.registry()))
                    .isEqualTo(spanIds.size()));

            // At least once: a redelivered message is written again, and must still show once.
            List<ConsumerRecord<byte[], byte[]>> records = broker.readAll(topic);
            ConsumerRecord<byte[], byte[]> replayed = records.get(0);
            broker.send(topic, replayed.partition(), replayed.key(), replayed.value());
            Eventually.within(WAIT, () -> assertThat(ScaleOutIT.spansWritten(ingester.registry()))
                    .isEqualTo(spanIds.size() + 1));

            for (AllInOneServer query : List.of(queryA, queryB)) {
                Eventually.within(WAIT, () -> {
                    HttpResponse<String> response = HttpGets.get(query.queryPort(), "/api/traces/" + traceId);
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    JsonNode trace = HttpGets.json(response).path("data").get(0);
                    List<String> found = new ArrayList<>();
                    trace.path("spans").forEach(span -> found.add(span.path("spanID").asText()));
                    assertThat(found).containsExactlyInAnyOrderElementsOf(spanIds);
                });
                Eventually.within(WAIT, () -> assertThat(HttpGets.json(HttpGets.get(query.queryPort(), "/api/services"))
                        .path("data").toString()).contains("scale-out-shop"));
            }
        }
    }
}

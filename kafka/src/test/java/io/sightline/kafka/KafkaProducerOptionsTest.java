package io.sightline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaProducerOptionsTest {

    @Test
    void jaegersAckNames_mapToKafkasAcks() {
        assertThat(KafkaProducerOptions.kafkaAcks("noack")).isEqualTo("0");
        assertThat(KafkaProducerOptions.kafkaAcks("LOCAL")).isEqualTo("1");
        assertThat(KafkaProducerOptions.kafkaAcks("all")).isEqualTo("all");
        assertThatThrownBy(() -> KafkaProducerOptions.kafkaAcks("some"))
                .hasMessage("requiredAcks: 'some' (expected: noack, local or all)");
    }

    @Test
    void defaults_waitForEveryReplicaAndAreIdempotent() {
        Properties props = KafkaProducerOptions.defaults("k:9092").producerProperties();

        assertThat(props).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("bootstrap.servers", "k:9092").doesNotContainKey("batch.size");
    }

    @Test
    void fewerAcks_turnIdempotenceOff() {
        KafkaProducerOptions local = new KafkaProducerOptions("k:9092", "t", KafkaEncoding.JSON, "local", "zstd",
                65536, 20, 5000, 1000);

        assertThat(local.producerProperties()).containsEntry("acks", "1").containsEntry("enable.idempotence", "false")
                .containsEntry("compression.type", "zstd").containsEntry("batch.size", "65536")
                .containsEntry("linger.ms", "20").containsEntry("request.timeout.ms", "4980");
    }

    @Test
    void unknownCompression_isRefusedNamingTheChoices() {
        assertThatThrownBy(() -> new KafkaProducerOptions("k:9092", "t", KafkaEncoding.JSON, "all", "brotli", 0, 0,
                5000, 1000)).hasMessage("compression: 'brotli' (expected: none, gzip, snappy, lz4 or zstd)");
    }

    @Test
    void encodingNames_areJaegers() {
        assertThat(KafkaEncoding.parse(" Protobuf ")).isEqualTo(KafkaEncoding.PROTOBUF);
        assertThat(KafkaEncoding.parse("json")).isEqualTo(KafkaEncoding.JSON);
        assertThatThrownBy(() -> KafkaEncoding.parse("zipkin-thrift"))
                .hasMessage("unknown encoding 'zipkin-thrift' (expected: protobuf or json)");
    }
}

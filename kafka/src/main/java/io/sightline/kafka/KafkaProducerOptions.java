package io.sightline.kafka;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What {@link KafkaSpanWriter} produces to and how, with Jaeger's option meanings.
 *
 * @param brokers comma-separated {@code host:port} list
 * @param requiredAcks Jaeger's {@code noack}, {@code local} or {@code all} (or Kafka's 0, 1, -1)
 * @param compression {@code none}, {@code gzip}, {@code snappy}, {@code lz4} or {@code zstd}
 * @param batchSizeBytes bytes batched per partition before a send; 0 keeps the client's default
 * @param batchLingerMs how long a send waits for more spans to batch with, ms
 * @param sendTimeoutMs how long a write waits for the broker's acknowledgement before failing, ms
 * @param metadataTimeoutMs how long start-up (and a write to an unknown partition) waits for the
 *     topic's metadata before failing, ms
 */
public record KafkaProducerOptions(String brokers, String topic, KafkaEncoding encoding, String requiredAcks,
        String compression, int batchSizeBytes, long batchLingerMs, long sendTimeoutMs, long metadataTimeoutMs) {
    public static final String DEFAULT_TOPIC = "jaeger-spans";
    private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

    public KafkaProducerOptions {
        requireNonNull(brokers, "brokers");
        requireNonNull(topic, "topic");
        requireNonNull(encoding, "encoding");
        requireNonNull(requiredAcks, "requiredAcks");
        requireNonNull(compression, "compression");
        if (brokers.isBlank()) {
            throw new IllegalArgumentException("brokers: empty (expected: host:port[,host:port...])");
        }
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic: empty");
        }
        kafkaAcks(requiredAcks);
        if (!COMPRESSIONS.contains(compression.trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("compression: '" + compression
                    + "' (expected: none, gzip, snappy, lz4 or zstd)");
        }
        if (batchSizeBytes < 0) {
            throw new IllegalArgumentException("batchSizeBytes: " + batchSizeBytes + " (expected: >= 0)");
        }
        if (batchLingerMs < 0) {
            throw new IllegalArgumentException("batchLingerMs: " + batchLingerMs + " (expected: >= 0)");
        }
        if (sendTimeoutMs <= batchLingerMs) {
            throw new IllegalArgumentException("sendTimeoutMs: " + sendTimeoutMs + " (expected: > batchLingerMs "
                    + batchLingerMs + ")");
        }
        if (metadataTimeoutMs <= 0) {
            throw new IllegalArgumentException("metadataTimeoutMs: " + metadataTimeoutMs + " (expected: > 0)");
        }
    }

    /** Jaeger's defaults except acknowledgement: {@code all}, so an acknowledged span survives a broker loss. */
    public static KafkaProducerOptions defaults(String brokers) {
        return new KafkaProducerOptions(brokers, DEFAULT_TOPIC, KafkaEncoding.PROTOBUF, "all", "none", 0, 0,
                30_000, 10_000);
    }

    public KafkaProducerOptions withTopic(String newTopic) {
        return new KafkaProducerOptions(brokers, newTopic, encoding, requiredAcks, compression, batchSizeBytes,
                batchLingerMs, sendTimeoutMs, metadataTimeoutMs);
    }

    public KafkaProducerOptions withEncoding(KafkaEncoding newEncoding) {
        return new KafkaProducerOptions(brokers, topic, newEncoding, requiredAcks, compression, batchSizeBytes,
                batchLingerMs, sendTimeoutMs, metadataTimeoutMs);
    }

    public KafkaProducerOptions withTimeouts(long newSendTimeoutMs, long newMetadataTimeoutMs) {
        return new KafkaProducerOptions(brokers, topic, encoding, requiredAcks, compression, batchSizeBytes,
                batchLingerMs, newSendTimeoutMs, newMetadataTimeoutMs);
    }

    /** Kafka's {@code acks} value for Jaeger's name. */
    static String kafkaAcks(String requiredAcks) {
        switch (requiredAcks.trim().toLowerCase(Locale.ROOT)) {
            case "noack":
            case "0":
                return "0";
            case "local":
            case "1":
                return "1";
            case "all":
            case "-1":
                return "all";
            default:
                throw new IllegalArgumentException("requiredAcks: '" + requiredAcks + "' (expected: noack, local or all)");
        }
    }

    Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.replace(" ", ""));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        String acks = kafkaAcks(requiredAcks);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        // Idempotence needs acks=all; with fewer acks the client would refuse to start.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(acks.equals("all")));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression.trim().toLowerCase(Locale.ROOT));
        if (batchSizeBytes > 0) {
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(batchSizeBytes));
        }
        props.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(batchLingerMs));
        // The client requires delivery timeout >= linger + request timeout.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(sendTimeoutMs - batchLingerMs));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(sendTimeoutMs));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(metadataTimeoutMs));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "sightline-collector");
        return props;
    }
}

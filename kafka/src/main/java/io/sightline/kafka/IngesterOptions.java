package io.sightline.kafka;

import static java.util.Objects.requireNonNull;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the {@link Ingester} consumes and how.
 *
 * @param brokers comma-separated {@code host:port} list
 * @param groupId the consumer group; ingesters sharing it split the topic's partitions
 * @param parallelism consumers this ingester runs, each on its own thread with its own share of
 *     the partitions; more than the topic has partitions leaves some idle
 * @param maxPollRecords most messages taken per poll, and so per storage write
 * @param retryBackoffMinMs first wait after a failed storage write, ms; doubled per failure
 * @param retryBackoffMaxMs longest wait between storage write attempts, ms
 */
public record IngesterOptions(String brokers, String topic, String groupId, KafkaEncoding encoding, int parallelism,
        int maxPollRecords, long retryBackoffMinMs, long retryBackoffMaxMs) {
    public static final String DEFAULT_GROUP_ID = "jaeger-ingester";

    public IngesterOptions {
        requireNonNull(brokers, "brokers");
        requireNonNull(topic, "topic");
        requireNonNull(groupId, "groupId");
        requireNonNull(encoding, "encoding");
        if (brokers.isBlank()) {
            throw new IllegalArgumentException("brokers: empty (expected: host:port[,host:port...])");
        }
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic: empty");
        }
        if (groupId.isBlank()) {
            throw new IllegalArgumentException("groupId: empty");
        }
        if (parallelism <= 0) {
            throw new IllegalArgumentException("parallelism: " + parallelism + " (expected: > 0)");
        }
        if (maxPollRecords <= 0) {
            throw new IllegalArgumentException("maxPollRecords: " + maxPollRecords + " (expected: > 0)");
        }
        if (retryBackoffMinMs <= 0 || retryBackoffMaxMs < retryBackoffMinMs) {
            throw new IllegalArgumentException("retryBackoffMinMs: " + retryBackoffMinMs + ", retryBackoffMaxMs: "
                    + retryBackoffMaxMs + " (expected: 0 < min <= max)");
        }
    }

    /** Jaeger's topic, group and encoding; one consumer; 500 messages a write; retries from 100 ms up to 10 s. */
    public static IngesterOptions defaults(String brokers) {
        return new IngesterOptions(brokers, KafkaProducerOptions.DEFAULT_TOPIC, DEFAULT_GROUP_ID, KafkaEncoding.PROTOBUF,
                1, 500, 100, 10_000);
    }

    public IngesterOptions withTopic(String newTopic) {
        return new IngesterOptions(brokers, newTopic, groupId, encoding, parallelism, maxPollRecords,
                retryBackoffMinMs, retryBackoffMaxMs);
    }

    public IngesterOptions withGroupId(String newGroupId) {
        return new IngesterOptions(brokers, topic, newGroupId, encoding, parallelism, maxPollRecords,
                retryBackoffMinMs, retryBackoffMaxMs);
    }

    public IngesterOptions withEncoding(KafkaEncoding newEncoding) {
        return new IngesterOptions(brokers, topic, groupId, newEncoding, parallelism, maxPollRecords,
                retryBackoffMinMs, retryBackoffMaxMs);
    }

    public IngesterOptions withParallelism(int newParallelism) {
        return new IngesterOptions(brokers, topic, groupId, encoding, newParallelism, maxPollRecords,
                retryBackoffMinMs, retryBackoffMaxMs);
    }

    public IngesterOptions withRetryBackoffMs(long minMs, long maxMs) {
        return new IngesterOptions(brokers, topic, groupId, encoding, parallelism, maxPollRecords, minMs, maxMs);
    }

    Properties consumerProperties(int consumerIndex) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.replace(" ", ""));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sightline-ingester-" + consumerIndex);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // Offsets are committed only after the spans are stored: at least once.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A new group starts at the oldest message: spans sent before the first ingester came up are not lost.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        return props;
    }
}

package io.sightline.server;

import io.sightline.kafka.IngesterOptions;
import io.sightline.kafka.KafkaEncoding;
import io.sightline.kafka.KafkaProducerOptions;
import io.sightline.server.config.ConfigException;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;

/** The {@code KAFKA_*} and {@code INGESTER_*} settings as the kafka module's options. */
final class KafkaSettings {
    /** The first wait after a failed storage write; the maximum is configurable. */
    private static final long INGESTER_RETRY_BACKOFF_MIN_MS = 100;

    private KafkaSettings() {}

    static KafkaProducerOptions producer(SightlineConfig config) {
        try {
            return new KafkaProducerOptions(
                    config.raw(Setting.KAFKA_PRODUCER_BROKERS).trim(),
                    config.raw(Setting.KAFKA_PRODUCER_TOPIC).trim(),
                    KafkaEncoding.parse(config.raw(Setting.KAFKA_PRODUCER_ENCODING)),
                    config.raw(Setting.KAFKA_PRODUCER_REQUIRED_ACKS).trim(),
                    config.raw(Setting.KAFKA_PRODUCER_COMPRESSION).trim(),
                    nonNegativeInt(config, Setting.KAFKA_PRODUCER_BATCH_SIZE),
                    config.goDurationNanos(Setting.KAFKA_PRODUCER_BATCH_LINGER, "e.g. 0s, 10ms, 1s") / 1_000_000,
                    config.positiveLong(Setting.KAFKA_PRODUCER_SEND_TIMEOUT_MS),
                    config.positiveLong(Setting.KAFKA_PRODUCER_METADATA_TIMEOUT_MS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Kafka producer settings (" + Setting.KAFKA_PRODUCER_BROKERS.envName() + " and the "
                    + "other SIGHTLINE_KAFKA_PRODUCER_* settings): " + e.getMessage());
        }
    }

    static IngesterOptions ingester(SightlineConfig config) {
        long backoffMaxMs = config.positiveLong(Setting.INGESTER_RETRY_BACKOFF_MAX_MS);
        try {
            return new IngesterOptions(
                    config.raw(Setting.KAFKA_CONSUMER_BROKERS).trim(),
                    config.raw(Setting.KAFKA_CONSUMER_TOPIC).trim(),
                    config.raw(Setting.KAFKA_CONSUMER_GROUP_ID).trim(),
                    KafkaEncoding.parse(config.raw(Setting.KAFKA_CONSUMER_ENCODING)),
                    config.positiveInt(Setting.INGESTER_PARALLELISM),
                    config.positiveInt(Setting.INGESTER_MAX_POLL_RECORDS),
                    Math.min(INGESTER_RETRY_BACKOFF_MIN_MS, backoffMaxMs),
                    backoffMaxMs);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Kafka consumer settings (" + Setting.KAFKA_CONSUMER_BROKERS.envName() + " and the "
                    + "other SIGHTLINE_KAFKA_CONSUMER_* settings): " + e.getMessage());
        }
    }

    private static int nonNegativeInt(SightlineConfig config, Setting setting) {
        String text = config.raw(setting).trim();
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(setting.envName() + ": '" + config.raw(setting) + "' (expected: a whole number >= 0)");
    }
}

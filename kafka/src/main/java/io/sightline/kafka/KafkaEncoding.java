package io.sightline.kafka;

import java.util.Locale;

/**
 * How one span is written into a Kafka message value, as Jaeger names it: {@code protobuf} is
 * the binary api_v2 {@code model.Span} with its {@code Process} embedded, {@code json} the same
 * message in protobuf's JSON mapping (what Jaeger's jsonpb writes).
 */
public enum KafkaEncoding {
    PROTOBUF("protobuf"),
    JSON("json");

    private final String jaegerName;

    KafkaEncoding(String jaegerName) {
        this.jaegerName = jaegerName;
    }

    public String jaegerName() {
        return jaegerName;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static KafkaEncoding parse(String name) {
        String trimmed = name.trim().toLowerCase(Locale.ROOT);
        for (KafkaEncoding encoding : values()) {
            if (encoding.jaegerName.equals(trimmed)) {
                return encoding;
            }
        }
        throw new IllegalArgumentException("unknown encoding '" + name + "' (expected: protobuf or json)");
    }
}

package io.sightline.core.model;

import java.util.Objects;

/** A key and its typed value: an OTLP attribute, a Jaeger tag, a Zipkin tag. */
public record Attribute(String key, AttributeValue value) {
    public Attribute {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public static Attribute of(String key, String value) {
        return new Attribute(key, AttributeValue.of(value));
    }

    public static Attribute of(String key, long value) {
        return new Attribute(key, AttributeValue.of(value));
    }

    public static Attribute of(String key, boolean value) {
        return new Attribute(key, AttributeValue.of(value));
    }

    public static Attribute of(String key, double value) {
        return new Attribute(key, AttributeValue.of(value));
    }
}

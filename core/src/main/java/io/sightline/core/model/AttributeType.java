package io.sightline.core.model;

/** Every value type an OTLP attribute can carry. */
public enum AttributeType {
    STRING,
    BOOL,
    INT64,
    FLOAT64,
    BINARY,
    ARRAY,
    MAP,
    /** An OTLP AnyValue with nothing set. */
    EMPTY
}

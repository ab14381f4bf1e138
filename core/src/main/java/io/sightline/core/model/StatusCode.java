package io.sightline.core.model;

/** OTLP span status codes. */
public enum StatusCode {
    UNSET,
    OK,
    ERROR
}

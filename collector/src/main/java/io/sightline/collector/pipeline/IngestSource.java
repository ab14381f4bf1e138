package io.sightline.collector.pipeline;

import java.util.Objects;

/**
 * Where a batch came from, for the {@code format} and {@code transport} labels of the
 * collector metrics (Jaeger's values: format jaeger/zipkin/proto/otlp, transport http/grpc/unknown).
 */
public record IngestSource(String format, String transport) {
    public static final IngestSource OTLP_GRPC = new IngestSource("otlp", "grpc");
    public static final IngestSource OTLP_HTTP = new IngestSource("otlp", "http");

    public IngestSource {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(transport, "transport");
    }
}

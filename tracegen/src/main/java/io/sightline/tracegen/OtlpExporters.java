package io.sightline.tracegen;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;

/** Creates the SDK's own OTLP exporters, with their default retry policy, as applications use them. */
final class OtlpExporters {
  private OtlpExporters() {}

  static SpanExporter create(Protocol protocol, String endpoint, Duration timeout, boolean gzip) {
    String compression = gzip ? "gzip" : "none";
    switch (protocol) {
      case GRPC:
        return OtlpGrpcSpanExporter.builder()
            .setEndpoint(endpoint)
            .setTimeout(timeout)
            .setCompression(compression)
            .build();
      case HTTP_PROTOBUF:
        return OtlpHttpSpanExporter.builder()
            .setEndpoint(endpoint)
            .setTimeout(timeout)
            .setCompression(compression)
            .build();
      default:
        throw new IllegalArgumentException("protocol: " + protocol);
    }
  }
}

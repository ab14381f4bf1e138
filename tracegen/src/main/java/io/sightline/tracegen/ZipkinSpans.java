package io.sightline.tracegen;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import zipkin2.Endpoint;
import zipkin2.Span;

/**
 * Maps SDK spans onto Zipkin v2 spans the way the OpenTelemetry Zipkin exporter does: attributes
 * become tags, events become annotations, an ERROR status becomes the {@code error} tag.
 */
final class ZipkinSpans {
  private ZipkinSpans() {}

  static List<Span> fromOtel(List<SpanData> spans) {
    List<Span> converted = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      converted.add(fromOtel(span));
    }
    return converted;
  }

  static Span fromOtel(SpanData span) {
    long startMicros = TimeUnit.NANOSECONDS.toMicros(span.getStartEpochNanos());
    long endMicros = TimeUnit.NANOSECONDS.toMicros(span.getEndEpochNanos());
    Span.Builder builder =
        Span.newBuilder()
            .traceId(span.getTraceId())
            .id(span.getSpanId())
            .name(span.getName())
            .kind(kind(span))
            .timestamp(startMicros)
            // Zipkin rejects a zero duration; sub-microsecond spans round up.
            .duration(Math.max(1, endMicros - startMicros))
            .localEndpoint(Endpoint.newBuilder().serviceName(serviceName(span)).build());
    if (span.getParentSpanContext().isValid()) {
      builder.parentId(span.getParentSpanId());
    }
    span.getAttributes().forEach((key, value) -> builder.putTag(key.getKey(), tagValue(value)));
    for (EventData event : span.getEvents()) {
      builder.addAnnotation(
          TimeUnit.NANOSECONDS.toMicros(event.getEpochNanos()), annotation(event));
    }
    if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
      String description = span.getStatus().getDescription();
      builder.putTag("error", description.isEmpty() ? "true" : description);
    }
    return builder.build();
  }

  private static Span.Kind kind(SpanData span) {
    return switch (span.getKind()) {
      case CLIENT -> Span.Kind.CLIENT;
      case SERVER -> Span.Kind.SERVER;
      case PRODUCER -> Span.Kind.PRODUCER;
      case CONSUMER -> Span.Kind.CONSUMER;
      case INTERNAL -> null;
    };
  }

  private static String serviceName(SpanData span) {
    String name = span.getResource().getAttribute(AttributeKey.stringKey("service.name"));
    return name != null ? name : "unknown_service";
  }

  /** Lists are joined with commas, as Zipkin tags are plain strings. */
  private static String tagValue(Object value) {
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }

  private static String annotation(EventData event) {
    Attributes attributes = event.getAttributes();
    if (attributes.isEmpty()) {
      return event.getName();
    }
    StringBuilder text = new StringBuilder(event.getName()).append(' ');
    attributes.forEach((key, value) -> text.append(key.getKey()).append('=').append(value).append(' '));
    return text.toString().trim();
  }
}

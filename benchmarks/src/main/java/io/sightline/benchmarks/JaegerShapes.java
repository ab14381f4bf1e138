package io.sightline.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a Jaeger client sends for an SDK span, in terms both Jaeger encodings share: one batch
 * per service (a Jaeger client reports for one process), the span kind and an ERROR status as
 * the {@code span.kind} and {@code error} tags, as Jaeger's own OTLP translation does.
 */
public final class JaegerShapes {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private JaegerShapes() {}

  /** Spans grouped by service name, in the order each service first appears. */
  public static Map<String, List<SpanData>> byService(List<SpanData> spans) {
    Map<String, List<SpanData>> grouped = new LinkedHashMap<>();
    for (SpanData span : spans) {
      String service = span.getResource().getAttribute(SERVICE_NAME);
      grouped.computeIfAbsent(service == null ? "unknown_service" : service, s -> new java.util.ArrayList<>())
          .add(span);
    }
    return grouped;
  }

  /** The {@code span.kind} tag value, or null for INTERNAL (Jaeger leaves it out). */
  public static String kindTag(SpanData span) {
    return span.getKind() == SpanKind.INTERNAL ? null : span.getKind().name().toLowerCase(Locale.ROOT);
  }

  public static boolean isError(SpanData span) {
    return span.getStatus().getStatusCode() == StatusCode.ERROR;
  }

  public static long microsSinceEpoch(long epochNanos) {
    return epochNanos / 1_000;
  }
}

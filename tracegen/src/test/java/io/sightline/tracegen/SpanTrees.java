package io.sightline.tracegen;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Helpers that look at exported spans as trees, independent of export order and IDs. */
final class SpanTrees {
  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private SpanTrees() {}

  static String service(SpanData span) {
    return span.getResource().getAttribute(SERVICE_NAME);
  }

  static Map<String, SpanData> bySpanId(Collection<SpanData> spans) {
    Map<String, SpanData> index = new HashMap<>();
    for (SpanData span : spans) {
      index.put(span.getSpanId(), span);
    }
    return index;
  }

  static Map<String, List<SpanData>> byTraceId(Collection<SpanData> spans) {
    return spans.stream()
        .collect(Collectors.groupingBy(SpanData::getTraceId, LinkedHashMap::new, Collectors.toList()));
  }

  /**
   * A description of a trace's shape and content with everything random-by-design left out (IDs,
   * the wall-clock anchor), so two runs with the same seed describe equal.
   */
  static String signature(List<SpanData> trace) {
    Map<String, List<SpanData>> children = new HashMap<>();
    SpanData root = null;
    for (SpanData span : trace) {
      if (span.getParentSpanContext().isValid()) {
        children.computeIfAbsent(span.getParentSpanId(), id -> new ArrayList<>()).add(span);
      } else {
        root = span;
      }
    }
    StringBuilder out = new StringBuilder();
    append(out, root, root.getStartEpochNanos(), children, 0);
    return out.toString();
  }

  private static void append(
      StringBuilder out, SpanData span, long originNanos, Map<String, List<SpanData>> children, int depth) {
    out.append("  ".repeat(depth))
        .append(service(span)).append(' ')
        .append(span.getName()).append(' ')
        .append(span.getKind()).append(" +")
        .append(span.getStartEpochNanos() - originNanos).append("ns ")
        .append(span.getEndEpochNanos() - span.getStartEpochNanos()).append("ns ")
        .append(span.getStatus()).append(' ')
        .append(span.getAttributes()).append(" links=")
        .append(span.getLinks().size());
    span.getEvents().forEach(
        event -> out.append(" event[").append(event.getName())
            .append(" +").append(event.getEpochNanos() - originNanos)
            .append(' ').append(event.getAttributes()).append(']'));
    out.append('\n');
    List<SpanData> kids = new ArrayList<>(children.getOrDefault(span.getSpanId(), List.of()));
    kids.sort(Comparator.comparingLong(SpanData::getStartEpochNanos).thenComparing(SpanData::getName));
    for (SpanData kid : kids) {
      append(out, kid, originNanos, children, depth + 1);
    }
  }
}

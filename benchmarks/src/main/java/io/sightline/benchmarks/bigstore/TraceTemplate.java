package io.sightline.benchmarks.bigstore;

import io.sightline.core.model.Span;
import java.util.List;

/**
 * The spans of one trace, used as a pattern: the fill stamps it again and again with new IDs and
 * times ({@link TraceStamper}).
 *
 * @param spans every span of the trace, in start order
 * @param startEpochNanos the earliest span start, which stamping moves to the new trace's start
 * @param service the service the trace was made for, as searches name it
 */
record TraceTemplate(List<Span> spans, long startEpochNanos, String service) {
  TraceTemplate {
    spans = List.copyOf(spans);
    if (spans.isEmpty()) {
      throw new IllegalArgumentException("spans: [] (expected: at least one span)");
    }
  }

  static TraceTemplate of(List<Span> spans, String service) {
    long start = Long.MAX_VALUE;
    for (Span span : spans) {
      start = Math.min(start, span.startEpochNanos());
    }
    List<Span> ordered = spans.stream()
        .sorted(java.util.Comparator.comparingLong(Span::startEpochNanos)).toList();
    return new TraceTemplate(ordered, start, service);
  }

  int spanCount() {
    return spans.size();
  }

  /** From the earliest start to the latest end, ns. */
  long durationNanos() {
    long end = startEpochNanos;
    for (Span span : spans) {
      end = Math.max(end, span.startEpochNanos() + span.durationNanos());
    }
    return end - startEpochNanos;
  }
}

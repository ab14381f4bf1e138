package io.sightline.benchmarks.bigstore;

import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes a new trace out of a {@link TraceTemplate}: new random trace and span IDs (parents
 * follow), every time moved to the new start and stretched by a factor, so no two stored traces
 * have the same IDs or the same timings. A template's link (a retry pointing at its original)
 * is pointed at the root of the trace stamped before it. Not thread-safe.
 */
final class TraceStamper {
  private final SplittableRandom random;
  private SpanLink previousRoot;

  TraceStamper(SplittableRandom random) {
    this.random = random;
  }

  /**
   * @param startEpochNanos where the template's earliest span start goes
   * @param timeScale factor applied to every offset and duration (e.g. 0.8 to 1.25)
   */
  List<Span> stamp(TraceTemplate template, long startEpochNanos, double timeScale) {
    TraceId traceId = TraceId.of(random.nextLong(), random.nextLong() | 1); // never the zero ID
    Map<Long, Long> spanIds = new HashMap<>(template.spanCount() * 2);
    for (Span span : template.spans()) {
      spanIds.put(span.spanId(), random.nextLong() | 1);
    }
    List<Span> out = new ArrayList<>(template.spanCount());
    Span root = null;
    for (Span span : template.spans()) {
      Span.Builder stamped = span.toBuilder()
          .traceId(traceId)
          .spanId(spanIds.get(span.spanId()))
          .parentSpanId(span.isRoot() ? 0 : spanIds.getOrDefault(span.parentSpanId(), 0L))
          .startEpochNanos(move(span.startEpochNanos(), template, startEpochNanos, timeScale))
          .durationNanos(Math.round(span.durationNanos() * timeScale));
      if (!span.events().isEmpty()) {
        List<SpanEvent> events = new ArrayList<>(span.events().size());
        for (SpanEvent event : span.events()) {
          events.add(new SpanEvent(move(event.epochNanos(), template, startEpochNanos, timeScale),
              event.name(), event.attributes()));
        }
        stamped.events(events);
      }
      if (!span.links().isEmpty()) {
        List<SpanLink> links = new ArrayList<>(span.links().size());
        for (SpanLink link : span.links()) {
          if (previousRoot != null) {
            links.add(new SpanLink(previousRoot.traceId(), previousRoot.spanId(), link.traceState(), link.attributes()));
          }
        }
        stamped.links(links);
      }
      Span built = stamped.build();
      if (built.isRoot() && root == null) {
        root = built;
      }
      out.add(built);
    }
    if (root != null) {
      previousRoot = new SpanLink(root.traceId(), root.spanId(), "", List.of());
    }
    return out;
  }

  private static long move(long epochNanos, TraceTemplate template, long startEpochNanos, double timeScale) {
    return startEpochNanos + Math.round((epochNanos - template.startEpochNanos()) * timeScale);
  }
}

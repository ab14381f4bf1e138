package io.sightline.tracegen;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import java.util.List;

/**
 * One span of a planned trace. Plans are built before anything is emitted so that a trace can be
 * anchored at "now" by its end, and so that the structure depends on the seed alone.
 *
 * @param startNs offset from the start of the trace, in nanoseconds
 * @param endNs offset from the start of the trace, in nanoseconds
 * @param errorDescription the ERROR status description, or {@code null} when the status is unset
 * @param linkToPrevious whether to link this span to the root of the previously emitted trace
 */
record SpanPlan(
    Service service,
    String name,
    SpanKind kind,
    long startNs,
    long endNs,
    Attributes attributes,
    List<EventPlan> events,
    String errorDescription,
    boolean linkToPrevious,
    List<SpanPlan> children) {

  boolean isError() {
    return errorDescription != null;
  }

  int spanCount() {
    int count = 1;
    for (SpanPlan child : children) {
      count += child.spanCount();
    }
    return count;
  }
}

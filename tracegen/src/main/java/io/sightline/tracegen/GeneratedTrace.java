package io.sightline.tracegen;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One trace the generator emitted, with the IDs a test needs to look it up in the backend.
 *
 * @param traceId the 32-character lowercase hex trace ID
 * @param rootSpanId the 16-character lowercase hex span ID of the root span ({@code frontend},
 *     {@code HTTP GET /dispatch})
 * @param spanIds the hex span IDs of every span of the trace, root first, parents before children
 * @param errorSpans how many of the spans have status ERROR
 * @param startEpochNanos when the root span started, in nanoseconds since the epoch
 * @param durationNanos how long the root span lasted, in nanoseconds; the trace ends at
 *     {@code startEpochNanos + durationNanos}, which is the moment it was generated
 */
public record GeneratedTrace(
    String traceId,
    String rootSpanId,
    List<String> spanIds,
    int errorSpans,
    long startEpochNanos,
    long durationNanos) {

  public GeneratedTrace {
    requireNonNull(traceId, "traceId");
    requireNonNull(rootSpanId, "rootSpanId");
    spanIds = List.copyOf(requireNonNull(spanIds, "spanIds"));
  }

  /** The number of spans in the trace. */
  public int spanCount() {
    return spanIds.size();
  }
}

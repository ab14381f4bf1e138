package io.sightline.tracegen;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request bodies built once before a load run and handed out round-robin, so the senders spend
 * their time waiting on the server rather than generating and encoding spans. The same spans,
 * IDs included, are sent again each time the pool wraps around. Thread-safe.
 */
final class SpanBatchPool {
  private final List<SpanBatch> batches;
  private final AtomicLong nextIndex = new AtomicLong();

  SpanBatchPool(List<SpanBatch> batches) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("batches: empty (expected: at least one)");
    }
    this.batches = List.copyOf(batches);
  }

  /**
   * Generates {@code batchCount * batchSizeSpans} spans with the traffic generator's planner and
   * encodes them into {@code batchCount} batches of exactly {@code batchSizeSpans} spans each. A
   * trace may straddle two batches, as it does with an SDK's batch processor.
   */
  static SpanBatchPool build(LoadProtocol protocol, long seed, int batchSizeSpans, int batchCount) {
    requireNonNull(protocol, "protocol");
    if (batchSizeSpans <= 0) {
      throw new IllegalArgumentException("batchSizeSpans: " + batchSizeSpans + " (expected: > 0)");
    }
    if (batchCount <= 0) {
      throw new IllegalArgumentException("batchCount: " + batchCount + " (expected: > 0)");
    }
    int totalSpans = Math.multiplyExact(batchSizeSpans, batchCount);
    List<SpanData> spans = PlannedSpans.generate(seed, totalSpans);
    List<SpanBatch> batches = new ArrayList<>(batchCount);
    for (int from = 0; from < totalSpans; from += batchSizeSpans) {
      List<SpanData> slice = spans.subList(from, from + batchSizeSpans);
      batches.add(new SpanBatch(BatchEncoder.encode(protocol, slice), slice.size()));
    }
    return new SpanBatchPool(batches);
  }

  SpanBatch next() {
    return batches.get((int) Math.floorMod(nextIndex.getAndIncrement(), (long) batches.size()));
  }

  int size() {
    return batches.size();
  }

  List<SpanBatch> batches() {
    return batches;
  }
}

package io.sightline.tracegen;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what happened to the spans of one service, from the moment they end to the exporter's
 * answer, so that a span the batch processor dropped or the backend rejected is never silent.
 */
final class ExportLedger {
  private final LongAdder ended = new LongAdder();
  private final LongAdder handedToExporter = new LongAdder();
  private final LongAdder exported = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder failedExports = new LongAdder();
  private final AtomicReference<String> lastFailure = new AtomicReference<>();

  void spanEnded() {
    ended.increment();
  }

  void exportStarted(int spans) {
    handedToExporter.add(spans);
  }

  void exportSucceeded(int spans) {
    exported.add(spans);
  }

  void exportFailed(int spans, String reason) {
    failed.add(spans);
    failedExports.increment();
    lastFailure.set(reason);
  }

  /**
   * Spans ended but not yet handed to the exporter: an upper bound of what sits in the batch
   * processor's queue (the batch being assembled is counted too).
   */
  long queued() {
    return ended.sum() - handedToExporter.sum();
  }

  ExportTotals totals() {
    return new ExportTotals(
        ended.sum(), exported.sum(), failed.sum(), failedExports.sum(), lastFailure.get());
  }
}

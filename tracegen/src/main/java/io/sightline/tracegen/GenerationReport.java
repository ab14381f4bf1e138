package io.sightline.tracegen;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one call of {@link TrafficGenerator} generated and what the exporter made of it. Every
 * span generated is exactly one of exported, failed or unconfirmed.
 */
public final class GenerationReport {
  private final long traces;
  private final long spans;
  private final long errorSpans;
  private final long spansExported;
  private final long spansFailed;
  private final long failedExports;
  private final String lastFailure;
  private final Duration elapsed;
  private final List<GeneratedTrace> generatedTraces;

  GenerationReport(
      long traces,
      long spans,
      long errorSpans,
      ExportTotals exportTotals,
      Duration elapsed,
      List<GeneratedTrace> generatedTraces) {
    this.traces = traces;
    this.spans = spans;
    this.errorSpans = errorSpans;
    this.spansExported = exportTotals.exported();
    this.spansFailed = exportTotals.failed();
    this.failedExports = exportTotals.failedExports();
    this.lastFailure = exportTotals.lastFailure();
    this.elapsed = elapsed;
    this.generatedTraces = List.copyOf(generatedTraces);
  }

  /** The number of traces generated. */
  public long traces() {
    return traces;
  }

  /** The number of spans generated. */
  public long spans() {
    return spans;
  }

  /** The number of generated spans with status ERROR (simulated application errors). */
  public long errorSpans() {
    return errorSpans;
  }

  /** Spans the exporter reported as accepted by the endpoint. */
  public long spansExported() {
    return spansExported;
  }

  /** Spans in export calls that the exporter reported as failed. */
  public long spansFailed() {
    return spansFailed;
  }

  /**
   * Spans with no answer from the exporter when the final flush returned: dropped by a full batch
   * queue, or still in flight after the flush timed out.
   */
  public long spansUnconfirmed() {
    return Math.max(0, spans - spansExported - spansFailed);
  }

  /** The number of export calls (batches) that failed. */
  public long failedExports() {
    return failedExports;
  }

  /** The reason the exporter gave for a recent failed export, if any export failed. */
  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /** Whether any span failed to export or was never confirmed. */
  public boolean hasFailures() {
    return spansFailed > 0 || spansUnconfirmed() > 0;
  }

  /** Wall-clock time from the first trace to the end of the final flush. */
  public Duration elapsed() {
    return elapsed;
  }

  /** Spans generated per second of {@link #elapsed()}, flush included. */
  public double spansPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : spans * 1e9 / nanos;
  }

  /**
   * The traces generated, in order, up to the builder's {@code maxRecordedTraces}; the rest are
   * counted in {@link #traces()} but their IDs are not kept.
   */
  public List<GeneratedTrace> generatedTraces() {
    return generatedTraces;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "GenerationReport{traces=%d, spans=%d, errorSpans=%d, exported=%d, failed=%d,"
            + " unconfirmed=%d, failedExports=%d, elapsed=%s, spansPerSecond=%.1f%s}",
        traces,
        spans,
        errorSpans,
        spansExported,
        spansFailed,
        spansUnconfirmed(),
        failedExports,
        elapsed,
        spansPerSecond(),
        lastFailure == null ? "" : ", lastFailure=" + lastFailure);
  }
}

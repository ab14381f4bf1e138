package io.sightline.tracegen;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Counts spans as they end, ahead of the batch processor: the difference to what reaches the
 * exporter is what the batch processor dropped or still holds.
 */
final class EndedSpanCounter implements SpanProcessor {
  private final ExportLedger ledger;

  EndedSpanCounter(ExportLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    ledger.spanEnded();
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }
}

package io.sightline.tracegen;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Records the exporter's answer for every batch in a ledger. The batch processor only logs a
 * failed export; the generator has to report it, so it listens to the result itself.
 *
 * <p>Several services share one delegate, so {@link #shutdown()} leaves it running: the
 * {@link TrafficGenerator} shuts it down once, after every provider has flushed.
 */
final class CountingSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final ExportLedger ledger;

  CountingSpanExporter(SpanExporter delegate, ExportLedger ledger) {
    this.delegate = delegate;
    this.ledger = ledger;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    ledger.exportStarted(count);
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      ledger.exportFailed(count, describe(e));
      return CompletableResultCode.ofExceptionalFailure(e);
    }
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            ledger.exportSucceeded(count);
          } else {
            ledger.exportFailed(count, describe(result.getFailureThrowable()));
          }
        });
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  /**
   * One line for the summary. Exporter exceptions often repeat their cause in their message, so a
   * cause whose text is already there is left out.
   */
  private static String describe(Throwable failure) {
    if (failure == null) {
      return "export failed (the exporter gave no reason)";
    }
    StringBuilder reason = new StringBuilder(describeOne(failure));
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() == null || !reason.toString().contains(cause.getMessage())) {
        reason.append("; caused by ").append(describeOne(cause));
      }
    }
    return reason.toString();
  }

  private static String describeOne(Throwable failure) {
    String name = failure.getClass().getSimpleName();
    return failure.getMessage() == null ? name : name + ": " + failure.getMessage();
  }
}

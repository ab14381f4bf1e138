package io.sightline.tracegen;

/**
 * Cumulative span counts of one or more {@link ExportLedger}s.
 *
 * @param lastFailure the reason of a recent failed export (the last of one ledger), or {@code null}
 */
record ExportTotals(long ended, long exported, long failed, long failedExports, String lastFailure) {
  static final ExportTotals ZERO = new ExportTotals(0, 0, 0, 0, null);

  ExportTotals plus(ExportTotals other) {
    return new ExportTotals(
        ended + other.ended,
        exported + other.exported,
        failed + other.failed,
        failedExports + other.failedExports,
        other.lastFailure != null ? other.lastFailure : lastFailure);
  }

  /** What happened since {@code before}; the failure reason is kept only if a failure did. */
  ExportTotals minus(ExportTotals before) {
    long newFailedExports = failedExports - before.failedExports;
    return new ExportTotals(
        ended - before.ended,
        exported - before.exported,
        failed - before.failed,
        newFailedExports,
        newFailedExports > 0 ? lastFailure : null);
  }
}

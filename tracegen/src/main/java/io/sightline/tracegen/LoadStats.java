package io.sightline.tracegen;

import java.time.Duration;

/**
 * Tallies the outcome of each request of a load run. The senders record into it; the reporter
 * takes a {@link #report} of the whole run or {@link #drain} one interval at a time. Thread-safe:
 * one lock, taken once per request, which is negligible next to a network round trip.
 */
final class LoadStats {
  private long acknowledgedRequests;
  private long acknowledgedSpans;
  private long rejectedRequests;
  private long rejectedSpans;
  private long failedRequests;
  private long failedSpans;
  private String lastFailure = "";
  private LatencySamples ackLatencies = new LatencySamples();

  synchronized void record(SendOutcome outcome, int spans, long latencyNanos) {
    switch (outcome.result()) {
      case ACKNOWLEDGED -> {
        acknowledgedRequests++;
        acknowledgedSpans += spans;
        ackLatencies.add(Math.max(0, latencyNanos / 1_000));
      }
      case REJECTED -> {
        rejectedRequests++;
        rejectedSpans += spans;
      }
      case FAILED -> {
        failedRequests++;
        failedSpans += spans;
        lastFailure = outcome.detail();
      }
    }
  }

  /** Everything recorded so far, over {@code elapsed}. */
  synchronized LoadReport report(Duration elapsed) {
    return new LoadReport(
        elapsed,
        acknowledgedRequests,
        acknowledgedSpans,
        rejectedRequests,
        rejectedSpans,
        failedRequests,
        failedSpans,
        ackLatencies.percentiles(),
        lastFailure);
  }

  /** Like {@link #report}, then starts over: for the periodic report of the last interval. */
  synchronized LoadReport drain(Duration elapsed) {
    LoadReport report = report(elapsed);
    acknowledgedRequests = 0;
    acknowledgedSpans = 0;
    rejectedRequests = 0;
    rejectedSpans = 0;
    failedRequests = 0;
    failedSpans = 0;
    lastFailure = "";
    ackLatencies = new LatencySamples();
    return report;
  }
}

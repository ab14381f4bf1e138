package io.sightline.tracegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadStatsTest {
  private static final long MS = 1_000_000L;

  @Test
  void report_countsSpansAndRequestsByOutcome() {
    LoadStats stats = new LoadStats();
    stats.record(SendOutcome.ACKNOWLEDGED, 512, 3 * MS);
    stats.record(SendOutcome.ACKNOWLEDGED, 512, 5 * MS);
    stats.record(SendOutcome.rejected("HTTP 429"), 512, 1 * MS);
    stats.record(SendOutcome.failed("HTTP 500"), 100, 2 * MS);

    LoadReport report = stats.report(Duration.ofSeconds(2));

    assertThat(report.acknowledgedRequests()).isEqualTo(2);
    assertThat(report.acknowledgedSpans()).isEqualTo(1024);
    assertThat(report.rejectedRequests()).isEqualTo(1);
    assertThat(report.rejectedSpans()).isEqualTo(512);
    assertThat(report.failedRequests()).isEqualTo(1);
    assertThat(report.failedSpans()).isEqualTo(100);
    assertThat(report.lastFailure()).isEqualTo("HTTP 500");
    assertThat(report.acknowledgedSpansPerSecond()).isEqualTo(512.0);
  }

  @Test
  void report_givesNearestRankPercentilesOfAcknowledgedRequestsOnly() {
    LoadStats stats = new LoadStats();
    for (int ms = 1; ms <= 100; ms++) {
      stats.record(SendOutcome.ACKNOWLEDGED, 1, ms * MS);
    }
    // A rejection is answered fast; counting it would flatter the server's latency.
    stats.record(SendOutcome.rejected("HTTP 429"), 1, 0);

    LatencyPercentiles latency = stats.report(Duration.ofSeconds(1)).ackLatency();

    assertThat(latency).isEqualTo(new LatencyPercentiles(50_000, 90_000, 99_000, 100_000));
  }

  @Test
  void drain_reportsTheIntervalAndStartsOver() {
    LoadStats stats = new LoadStats();
    stats.record(SendOutcome.ACKNOWLEDGED, 10, MS);

    LoadReport first = stats.drain(Duration.ofSeconds(1));
    LoadReport second = stats.drain(Duration.ofSeconds(1));

    assertThat(first.acknowledgedSpans()).isEqualTo(10);
    assertThat(second.acknowledgedSpans()).isZero();
    assertThat(second.ackLatency()).isEqualTo(LatencyPercentiles.NONE);
  }
}

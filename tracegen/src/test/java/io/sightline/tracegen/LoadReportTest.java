package io.sightline.tracegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadReportTest {
  private static final LoadReport REPORT =
      new LoadReport(
          Duration.ofMillis(2500),
          40,
          20_480,
          3,
          1536,
          1,
          512,
          new LatencyPercentiles(1_500, 4_000, 12_250, 30_000),
          "HTTP 503 \"busy\"");

  @Test
  void toText_showsRateLatenciesRejectionsAndFailures() {
    String text = REPORT.toText("load: ");

    assertThat(text.lines()).allMatch(line -> line.startsWith("load: "));
    assertThat(text)
        .contains("8192.0 acknowledged spans/s (20480 spans in 40 requests, 2.50 s)")
        .contains("ack latency ms: p50 1.50, p90 4.00, p99 12.25, max 30.00")
        .contains("rejected (429/RESOURCE_EXHAUSTED): 3 requests, 1536 spans")
        .contains("failed: 1 requests, 512 spans (last: HTTP 503 \"busy\")");
  }

  @Test
  void toJson_isOneObjectWithEveryFigure() {
    assertThat(REPORT.toJson())
        .isEqualTo(
            "{\"elapsed_ms\":2500,\"acknowledged_spans_per_second\":8192.0,"
                + "\"acknowledged_requests\":40,\"acknowledged_spans\":20480,"
                + "\"rejected_requests\":3,\"rejected_spans\":1536,"
                + "\"failed_requests\":1,\"failed_spans\":512,"
                + "\"ack_latency_ms\":{\"p50\":1.500,\"p90\":4.000,\"p99\":12.250,\"max\":30.000},"
                + "\"last_failure\":\"HTTP 503 \\\"busy\\\"\"}");
  }

  @Test
  void toJson_writesNullWithoutFailures() {
    LoadReport clean =
        new LoadReport(Duration.ZERO, 0, 0, 0, 0, 0, 0, LatencyPercentiles.NONE, "");

    assertThat(clean.toJson()).endsWith("\"last_failure\":null}");
    assertThat(clean.acknowledgedSpansPerSecond()).isZero();
  }
}

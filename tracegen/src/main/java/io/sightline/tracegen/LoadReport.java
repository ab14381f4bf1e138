package io.sightline.tracegen;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;

/**
 * The outcome of a load run, or of one interval of it.
 *
 * @param elapsed how long the requests were being sent
 * @param ackLatency latency of the acknowledged requests, from send to the server's answer
 * @param lastFailure the status or error of the last failed request; empty if none failed
 */
record LoadReport(
    Duration elapsed,
    long acknowledgedRequests,
    long acknowledgedSpans,
    long rejectedRequests,
    long rejectedSpans,
    long failedRequests,
    long failedSpans,
    LatencyPercentiles ackLatency,
    String lastFailure) {

  LoadReport {
    requireNonNull(elapsed, "elapsed");
    requireNonNull(ackLatency, "ackLatency");
    requireNonNull(lastFailure, "lastFailure");
  }

  /** Acknowledged spans per second of {@link #elapsed}; 0 for an empty interval. */
  double acknowledgedSpansPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : acknowledgedSpans * 1e9 / nanos;
  }

  /** One line per figure, each prefixed with {@code prefix}. */
  String toText(String prefix) {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT,
        "%s%.1f acknowledged spans/s (%d spans in %d requests, %.2f s)%n",
        prefix, acknowledgedSpansPerSecond(), acknowledgedSpans, acknowledgedRequests,
        elapsed.toNanos() / 1e9));
    text.append(String.format(Locale.ROOT,
        "%sack latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n",
        prefix, millis(ackLatency.p50Micros()), millis(ackLatency.p90Micros()),
        millis(ackLatency.p99Micros()), millis(ackLatency.maxMicros())));
    text.append(String.format(Locale.ROOT,
        "%srejected (429/RESOURCE_EXHAUSTED): %d requests, %d spans; failed: %d requests, %d spans%s%n",
        prefix, rejectedRequests, rejectedSpans, failedRequests, failedSpans,
        lastFailure.isEmpty() ? "" : " (last: " + lastFailure + ")"));
    return text.toString();
  }

  /**
   * Like {@link #toJson()}, plus the CPU time this process spent over the run: the generator
   * shares the machine with the server in a benchmark, so its cost is part of the figure.
   */
  String toJson(Duration generatorCpu) {
    String json = toJson();
    return json.substring(0, json.length() - 1) + ",\"generator_cpu_ms\":" + generatorCpu.toMillis() + "}";
  }

  /** The report as one JSON object on one line, for scripts; durations and latencies in ms. */
  String toJson() {
    return String.format(Locale.ROOT,
        "{\"elapsed_ms\":%d,\"acknowledged_spans_per_second\":%.1f,"
            + "\"acknowledged_requests\":%d,\"acknowledged_spans\":%d,"
            + "\"rejected_requests\":%d,\"rejected_spans\":%d,"
            + "\"failed_requests\":%d,\"failed_spans\":%d,"
            + "\"ack_latency_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
            + "\"last_failure\":%s}",
        elapsed.toMillis(), acknowledgedSpansPerSecond(),
        acknowledgedRequests, acknowledgedSpans,
        rejectedRequests, rejectedSpans,
        failedRequests, failedSpans,
        millis(ackLatency.p50Micros()), millis(ackLatency.p90Micros()),
        millis(ackLatency.p99Micros()), millis(ackLatency.maxMicros()),
        lastFailure.isEmpty() ? "null" : jsonString(lastFailure));
  }

  private static double millis(long micros) {
    return micros / 1000.0;
  }

  static String jsonString(String value) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }
}

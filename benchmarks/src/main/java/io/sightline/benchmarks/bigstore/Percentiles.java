package io.sightline.benchmarks.bigstore;

import java.util.Arrays;

/**
 * Latency percentiles in milliseconds (nearest rank: the p99 of 1,000 samples is the 990th
 * smallest).
 */
record Percentiles(int count, double p50, double p95, double p99, double max, double mean) {

  static Percentiles ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return new Percentiles(0, 0, 0, 0, 0, 0);
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long value : sorted) {
      sum += value;
    }
    return new Percentiles(sorted.length, ms(rank(sorted, 0.50)), ms(rank(sorted, 0.95)), ms(rank(sorted, 0.99)),
        ms(sorted[sorted.length - 1]), ms(sum / sorted.length));
  }

  private static long rank(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double ms(double nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0; // µs precision
  }

  String summary() {
    return String.format(java.util.Locale.ROOT, "n=%d p50=%.2f p95=%.2f p99=%.2f max=%.2f ms", count, p50, p95, p99, max);
  }
}

package io.sightline.tracegen;

import java.util.Arrays;

/**
 * Every request latency of a run, in microseconds. A run sends at most a few thousand requests a
 * second, so keeping them all is cheap and gives exact percentiles. Not thread-safe.
 */
final class LatencySamples {
  private long[] micros = new long[1024];
  private int count;

  void add(long latencyMicros) {
    if (count == micros.length) {
      micros = Arrays.copyOf(micros, count * 2);
    }
    micros[count++] = latencyMicros;
  }

  void addAll(LatencySamples other) {
    for (int i = 0; i < other.count; i++) {
      add(other.micros[i]);
    }
  }

  int count() {
    return count;
  }

  /** The nearest-rank percentiles 50, 90, 99 and 100, in microseconds; zeros when empty. */
  LatencyPercentiles percentiles() {
    if (count == 0) {
      return LatencyPercentiles.NONE;
    }
    long[] sorted = Arrays.copyOf(micros, count);
    Arrays.sort(sorted);
    return new LatencyPercentiles(
        nearestRank(sorted, 50), nearestRank(sorted, 90), nearestRank(sorted, 99), sorted[count - 1]);
  }

  private static long nearestRank(long[] sorted, int percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}

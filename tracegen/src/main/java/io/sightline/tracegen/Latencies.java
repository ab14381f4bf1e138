package io.sightline.tracegen;

import java.util.SplittableRandom;

/**
 * Draws latencies: log-normal around a median, like real service times, plus rare slow outliers
 * so that the backend's percentiles and the trace search by duration have a tail to find.
 */
final class Latencies {
  /** Share of latencies multiplied 5 to 20 times. */
  private static final double SLOW_OUTLIER_PROBABILITY = 0.01;
  /** Log-normal spread around the median. */
  private static final double SIGMA = 0.4;
  private static final double NETWORK_HOP_MEDIAN_MS = 0.3;
  private static final long MIN_NS = 1_000;

  private final SplittableRandom random;

  /** Shares the planner's generator, so latencies stay part of the seeded sequence. */
  Latencies(SplittableRandom random) {
    this.random = random;
  }

  /** A latency around {@code medianMs} milliseconds, in nanoseconds, at least 1 µs. */
  long sampleNs(double medianMs) {
    double factor = Math.exp(SIGMA * random.nextGaussian());
    if (random.nextDouble() < SLOW_OUTLIER_PROBABILITY) {
      factor *= 5 + random.nextDouble() * 15;
    }
    return Math.max(MIN_NS, Math.round(medianMs * factor * 1_000_000.0));
  }

  /** One-way time between a client span's start and its server span's start, in nanoseconds. */
  long networkHopNs() {
    return sampleNs(NETWORK_HOP_MEDIAN_MS);
  }
}

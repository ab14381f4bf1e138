package io.sightline.tracegen;

/** Acknowledgement latency of requests, in microseconds. */
record LatencyPercentiles(long p50Micros, long p90Micros, long p99Micros, long maxMicros) {
  static final LatencyPercentiles NONE = new LatencyPercentiles(0, 0, 0, 0);
}

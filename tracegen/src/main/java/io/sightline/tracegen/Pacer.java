package io.sightline.tracegen;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Spaces traces evenly to reach a target rate. Not thread-safe. */
final class Pacer {
  /**
   * How far behind schedule the pacer may fall before it forgets the backlog. Without a bound, a
   * pause (a slow backend, a GC) would be followed by a burst far above the requested rate.
   */
  static final long MAX_BACKLOG_NANOS = TimeUnit.SECONDS.toNanos(1);

  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long nextNanos;
  private boolean started;

  Pacer(double tracesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(tracesPerSecond >= 0) || Double.isInfinite(tracesPerSecond)) {
      throw new IllegalArgumentException(
          "tracesPerSecond: " + tracesPerSecond + " (expected: >= 0, 0 = as fast as possible)");
    }
    this.intervalNanos = tracesPerSecond == 0 ? 0 : Math.max(1, Math.round(1e9 / tracesPerSecond));
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  static Pacer of(double tracesPerSecond) {
    return new Pacer(tracesPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /** Waits until the next trace is due; the first one is due at once. */
  void awaitNext() throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (!started) {
      started = true;
      nextNanos = now;
    }
    long waitNanos = nextNanos - now;
    if (waitNanos > 0) {
      sleeper.sleepNanos(waitNanos);
    } else if (-waitNanos > MAX_BACKLOG_NANOS) {
      nextNanos = now;
    }
    nextNanos += intervalNanos;
  }
}

package io.sightline.tracegen;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Holds concurrent senders to a shared rate in spans per second. Each caller reserves a slot for
 * its batch under a lock and sleeps outside it, so senders wait in parallel and a slow request on
 * one sender does not delay the others' slots. Thread-safe.
 */
final class RateGate {
  /**
   * How far behind schedule the gate may fall before it forgets the backlog. Without a bound, a
   * slow spell of the server would be followed by a burst far above the requested rate.
   */
  static final long MAX_BACKLOG_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final double nanosPerSpan;
  private final LongSupplier nanoTime;
  private final Pacer.Sleeper sleeper;
  private long nextSlotNanos;
  private boolean started;

  /** {@code spansPerSecond} 0 means unlimited: {@link #await} never waits. */
  RateGate(double spansPerSecond, LongSupplier nanoTime, Pacer.Sleeper sleeper) {
    if (!(spansPerSecond >= 0) || Double.isInfinite(spansPerSecond)) {
      throw new IllegalArgumentException(
          "spansPerSecond: " + spansPerSecond + " (expected: >= 0, 0 = unlimited)");
    }
    this.nanosPerSpan = spansPerSecond == 0 ? 0 : 1e9 / spansPerSecond;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  static RateGate of(double spansPerSecond) {
    return new RateGate(spansPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /** Waits until a batch of {@code spans} spans may be sent; the first batch goes at once. */
  void await(int spans) throws InterruptedException {
    long waitNanos = reserve(spans);
    if (waitNanos > 0) {
      sleeper.sleepNanos(waitNanos);
    }
  }

  /** Books the next slot and returns how long the caller must wait for it, in nanoseconds. */
  synchronized long reserve(int spans) {
    if (nanosPerSpan == 0) {
      return 0;
    }
    long now = nanoTime.getAsLong();
    if (!started) {
      started = true;
      nextSlotNanos = now;
    } else if (now - nextSlotNanos > MAX_BACKLOG_NANOS) {
      nextSlotNanos = now;
    }
    long slotNanos = nextSlotNanos;
    nextSlotNanos += Math.round(spans * nanosPerSpan);
    return slotNanos - now;
  }
}

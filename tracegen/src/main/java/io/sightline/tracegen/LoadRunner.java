package io.sightline.tracegen;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends pool batches from {@code concurrency} threads, each waiting for the server's answer
 * before its next request, until the run's time is up. With a rate of 0 the senders keep exactly
 * {@code concurrency} requests in flight, so the figure is what the server acknowledges.
 */
final class LoadRunner {
  private final SpanBatchPool pool;
  private final BatchSender sender;
  private final RateGate rateGate;
  private final int concurrency;
  private final LoadStats total = new LoadStats();
  private final LoadStats interval = new LoadStats();

  LoadRunner(SpanBatchPool pool, BatchSender sender, RateGate rateGate, int concurrency) {
    this.pool = requireNonNull(pool, "pool");
    this.sender = requireNonNull(sender, "sender");
    this.rateGate = requireNonNull(rateGate, "rateGate");
    if (concurrency <= 0) {
      throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: > 0)");
    }
    this.concurrency = concurrency;
  }

  /**
   * Runs for {@code duration}, handing {@code onInterval} a report of each {@code reportInterval}.
   * Requests in flight at the end are waited for and counted. An interrupt (Ctrl-C) ends the run
   * early; the report then covers what was sent, and the thread's interrupt flag is set again.
   */
  LoadReport run(Duration duration, Duration reportInterval, Consumer<LoadReport> onInterval) {
    long startNanos = System.nanoTime();
    long deadlineNanos = startNanos + duration.toNanos();
    List<Thread> senders = new ArrayList<>(concurrency);
    for (int i = 0; i < concurrency; i++) {
      Thread thread = new Thread(() -> sendUntil(deadlineNanos), "tracegen-load-sender-" + i);
      thread.setDaemon(true);
      senders.add(thread);
      thread.start();
    }
    boolean interrupted = false;
    long intervalStartNanos = startNanos;
    try {
      while (true) {
        long nextReportNanos = intervalStartNanos + reportInterval.toNanos();
        long waitNanos = Math.min(nextReportNanos, deadlineNanos) - System.nanoTime();
        if (waitNanos > 0) {
          TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
          break;
        }
        long now = System.nanoTime();
        onInterval.accept(interval.drain(Duration.ofNanos(now - intervalStartNanos)));
        intervalStartNanos = now;
      }
    } catch (InterruptedException e) {
      interrupted = true;
      senders.forEach(Thread::interrupt);
    }
    interrupted |= joinAll(senders);
    LoadReport report = total.report(Duration.ofNanos(System.nanoTime() - startNanos));
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return report;
  }

  private void sendUntil(long deadlineNanos) {
    try {
      // A request cannot be interrupted; the flag is checked between requests instead.
      while (System.nanoTime() - deadlineNanos < 0 && !Thread.currentThread().isInterrupted()) {
        SpanBatch batch = pool.next();
        rateGate.await(batch.spanCount());
        long sentNanos = System.nanoTime();
        if (sentNanos - deadlineNanos >= 0) {
          return;
        }
        SendOutcome outcome = sender.send(batch);
        long latencyNanos = System.nanoTime() - sentNanos;
        total.record(outcome, batch.spanCount(), latencyNanos);
        interval.record(outcome, batch.spanCount(), latencyNanos);
      }
    } catch (InterruptedException e) {
      // Ctrl-C: stop sending; what was answered is already counted.
    }
  }

  /** Returns whether this thread was interrupted while waiting; then it stops the senders. */
  private static boolean joinAll(List<Thread> senders) {
    boolean interrupted = false;
    for (Thread thread : senders) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
          senders.forEach(Thread::interrupt);
        }
      }
    }
    return interrupted;
  }
}

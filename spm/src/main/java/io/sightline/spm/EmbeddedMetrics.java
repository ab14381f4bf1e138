package io.sightline.spm;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded metrics store at work: every {@code resolutionMs} (on multiples of it, so that
 * snapshots line up across restarts) the aggregation is snapshotted into {@link MetricsStore};
 * {@code /api/metrics/*} read it back. Closing takes a last snapshot.
 */
public final class EmbeddedMetrics implements AutoCloseable {
    public static final long DEFAULT_RESOLUTION_MS = 15_000;
    /** One segment file per hour: the unit of expiry. */
    static final long SEGMENT_MS = 3_600_000;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMetrics.class);

    private final SpanMetricsAggregator aggregator;
    private final MetricsStore store;
    private final long resolutionMs;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private long lastSnapshotMs = Long.MIN_VALUE;

    private EmbeddedMetrics(SpanMetricsAggregator aggregator, MetricsStore store, long resolutionMs, Clock clock,
                            ScheduledExecutorService scheduler) {
        this.aggregator = aggregator;
        this.store = store;
        this.resolutionMs = resolutionMs;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /**
     * @param dir where the segment files go (created if missing)
     * @param retentionMs how long snapshots are kept; the Monitor tab looks back at most 48 h
     */
    public static EmbeddedMetrics start(SpanMetricsAggregator aggregator, Path dir, long resolutionMs, long retentionMs) {
        requireNonNull(aggregator, "aggregator");
        requireNonNull(dir, "dir");
        if (resolutionMs <= 0) {
            throw new IllegalArgumentException("resolutionMs: " + resolutionMs + " (expected: > 0)");
        }
        if (retentionMs <= 0) {
            throw new IllegalArgumentException("retentionMs: " + retentionMs + " (expected: > 0)");
        }
        MetricsStore store = new MetricsStore(dir, aggregator.boundsMs(), Math.min(SEGMENT_MS, retentionMs), retentionMs);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "spm-snapshots");
            thread.setDaemon(true);
            return thread;
        });
        Clock clock = Clock.systemUTC();
        EmbeddedMetrics metrics = new EmbeddedMetrics(aggregator, store, resolutionMs, clock, scheduler);
        long now = clock.millis();
        long initialDelay = resolutionMs - Math.floorMod(now, resolutionMs);
        scheduler.scheduleAtFixedRate(metrics::snapshotSafely, initialDelay, resolutionMs, TimeUnit.MILLISECONDS);
        return metrics;
    }

    /** For tests: a store driven by explicit snapshot times, with no background thread. */
    static EmbeddedMetrics manual(SpanMetricsAggregator aggregator, Path dir, long resolutionMs, long retentionMs) {
        MetricsStore store = new MetricsStore(dir, aggregator.boundsMs(), Math.min(SEGMENT_MS, retentionMs), retentionMs);
        return new EmbeddedMetrics(aggregator, store, resolutionMs, Clock.systemUTC(), null);
    }

    private void snapshotSafely() {
        try {
            long now = clock.millis();
            snapshot(Math.round((double) now / resolutionMs) * resolutionMs);
        } catch (RuntimeException e) {
            // The next tick tries again; the aggregation itself is unaffected.
            log.warn("SPM snapshot failed: {}", e.toString());
        }
    }

    synchronized void snapshot(long epochMs) {
        if (epochMs <= lastSnapshotMs) {
            return;
        }
        lastSnapshotMs = epochMs;
        store.append(epochMs, aggregator.snapshot(false));
    }

    MetricsReader reader() {
        return new EmbeddedMetricsReader(store, aggregator.boundsMs(), resolutionMs);
    }

    MetricsStore store() {
        return store;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            // Not shutdownNow: interrupting a snapshot in the middle of a write closes its
            // FileChannel (ClosedByInterruptException), losing that snapshot and failing close.
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            snapshotSafely();
        }
        store.close();
    }
}

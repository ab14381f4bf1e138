package io.sightline.server.tls;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Checks every TLS listener's files on one daemon thread, at a fixed interval. */
public final class TlsReloader implements AutoCloseable {
    private final List<ReloadingTlsProvider> providers = new CopyOnWriteArrayList<>();
    private final long intervalMs;
    private ScheduledExecutorService scheduler;

    public TlsReloader(long intervalMs) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("intervalMs: " + intervalMs + " (expected: > 0)");
        }
        this.intervalMs = intervalMs;
    }

    /** Starts watching {@code provider}; the thread starts with the first one. */
    public synchronized void watch(ReloadingTlsProvider provider) {
        providers.add(provider);
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sightline-tls-reloader");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(this::checkAll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        }
    }

    private void checkAll() {
        for (ReloadingTlsProvider provider : providers) {
            provider.reloadIfChanged();
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}

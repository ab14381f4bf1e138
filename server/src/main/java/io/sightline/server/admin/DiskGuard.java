package io.sightline.server.admin;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.collector.pipeline.IngestPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses ingest, with the retryable overload answer, while the data directory's volume has
 * less free space than a floor, instead of letting the store fill the disk; resumes by itself
 * once space is back. Says so once in the log each way, and in {@code sightline_storage_ingest_refused}.
 */
public final class DiskGuard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiskGuard.class);
    static final long CHECK_INTERVAL_MS = 5_000;

    private final IngestPipeline pipeline;
    private final long minFreeBytes;
    private final LongSupplier freeBytes;
    private final String where;
    private ScheduledExecutorService scheduler;

    DiskGuard(IngestPipeline pipeline, long minFreeBytes, LongSupplier freeBytes, String where) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.minFreeBytes = minFreeBytes;
        this.freeBytes = Objects.requireNonNull(freeBytes, "freeBytes");
        this.where = where;
    }

    /**
     * Watches the volumes of the store's directories (the data directory, and the value
     * directory when separate) every {@value #CHECK_INTERVAL_MS} ms, checking once at once;
     * ingest is refused while either has less than {@code minFreeBytes} free.
     */
    public static DiskGuard start(IngestPipeline pipeline, List<Path> directories, long minFreeBytes,
            PrometheusRegistry registry) {
        List<Path> watched = List.copyOf(directories);
        String where = watched.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(" or "));
        DiskGuard guard = new DiskGuard(pipeline, minFreeBytes,
                () -> DataDirectoryMetrics.leastUsableBytes(watched, DiskGuard::usableBytes), where);
        GaugeWithCallback.builder().name("sightline_storage_ingest_refused")
                .help("1 while ingest is refused because the data directory's volume is nearly full")
                .callback(callback -> callback.call(pipeline.isRefusingIntake() ? 1 : 0))
                .register(registry);
        guard.check();
        guard.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sightline-disk-guard");
            thread.setDaemon(true);
            return thread;
        });
        guard.scheduler.scheduleWithFixedDelay(guard::check, CHECK_INTERVAL_MS, CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS);
        return guard;
    }

    void check() {
        long free = freeBytes.getAsLong();
        if (free < 0) {
            return;
        }
        if (free < minFreeBytes && !pipeline.isRefusingIntake()) {
            String message = "ingest refused: only " + free + " bytes free on the volume of " + where
                    + ", below SIGHTLINE_STORAGE_MIN_FREE_BYTES=" + minFreeBytes + "; retry later";
            pipeline.refuseIntake(message);
            log.error("{} (free space by lowering SIGHTLINE_RETENTION or growing the volume; ingest resumes by itself)", message);
        } else if (free >= minFreeBytes && pipeline.isRefusingIntake()) {
            pipeline.resumeIntake();
            log.warn("ingest resumed: {} bytes free on the volume of {}", free, where);
        }
    }

    private static long usableBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}

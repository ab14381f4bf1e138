package io.sightline.server.admin;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How much disk the data directory takes and how much its volume has left, for the "storage
 * almost full" alert. The directory is walked at most once per {@value #WALK_INTERVAL_NANOS} ns,
 * however often Prometheus scrapes.
 */
public final class DataDirectoryMetrics {
    static final long WALK_INTERVAL_NANOS = 10_000_000_000L;

    private final Path dataDir;
    private final AtomicLong walkedNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile long usedBytes;

    private DataDirectoryMetrics(Path dataDir) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    }

    public static void register(Path dataDir, PrometheusRegistry registry) {
        DataDirectoryMetrics metrics = new DataDirectoryMetrics(dataDir);
        GaugeWithCallback.builder().name("sightline_storage_used_bytes")
                .help("Bytes of the files in the data directory")
                .callback(callback -> callback.call(metrics.usedBytes()))
                .register(registry);
        GaugeWithCallback.builder().name("sightline_storage_volume_free_bytes")
                .help("Bytes still usable on the volume of the data directory")
                .callback(callback -> callback.call(metrics.store().getUsableSpaceOrZero()))
                .register(registry);
        GaugeWithCallback.builder().name("sightline_storage_volume_total_bytes")
                .help("Size of the volume of the data directory, bytes")
                .callback(callback -> callback.call(metrics.store().getTotalSpaceOrZero()))
                .register(registry);
    }

    private long usedBytes() {
        long now = System.nanoTime();
        long last = walkedNanos.get();
        if ((last == Long.MIN_VALUE || now - last >= WALK_INTERVAL_NANOS) && walkedNanos.compareAndSet(last, now)) {
            usedBytes = walk();
        }
        return usedBytes;
    }

    private long walk() {
        AtomicLong total = new AtomicLong();
        try {
            Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    total.addAndGet(attributes.size());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // RocksDB deletes obsolete files while we walk: skip them.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return usedBytes;
        }
        return total.get();
    }

    private Store store() {
        return new Store(dataDir);
    }

    /** The data directory's volume; zero when it cannot be read (the directory is gone, say). */
    private record Store(Path dir) {
        long getUsableSpaceOrZero() {
            try {
                return fileStore().getUsableSpace();
            } catch (IOException | UncheckedIOException e) {
                return 0;
            }
        }

        long getTotalSpaceOrZero() {
            try {
                return fileStore().getTotalSpace();
            } catch (IOException | UncheckedIOException e) {
                return 0;
            }
        }

        private FileStore fileStore() throws IOException {
            return Files.getFileStore(dir);
        }
    }
}

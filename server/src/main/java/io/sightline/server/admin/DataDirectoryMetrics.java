package io.sightline.server.admin;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * How much disk the store's directories take and how much their volumes have left, for the
 * "storage almost full" alert. With separate key and value directories the used bytes are both
 * directories' files, and the volume reported is the one of the two with the least room left
 * (the one that fills first). The directories are walked at most once per
 * {@value #WALK_INTERVAL_NANOS} ns, however often Prometheus scrapes.
 */
public final class DataDirectoryMetrics {
    static final long WALK_INTERVAL_NANOS = 10_000_000_000L;

    private final List<Path> directories;
    private final AtomicLong walkedNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile long usedBytes;

    private DataDirectoryMetrics(List<Path> directories) {
        this.directories = outermost(directories);
    }

    /** @param directories the store's directories: the data directory, and the value directory when separate */
    public static void register(List<Path> directories, PrometheusRegistry registry) {
        DataDirectoryMetrics metrics = new DataDirectoryMetrics(directories);
        GaugeWithCallback.builder().name("sightline_storage_used_bytes")
                .help("Bytes of the files in the store's directories")
                .callback(callback -> callback.call(metrics.usedBytes()))
                .register(registry);
        GaugeWithCallback.builder().name("sightline_storage_volume_free_bytes")
                .help("Bytes still usable on the store's volume (with two, the one with the least room)")
                .callback(callback -> callback.call(metrics.fullest().usable()))
                .register(registry);
        GaugeWithCallback.builder().name("sightline_storage_volume_total_bytes")
                .help("Size of the store's volume (with two, the one with the least room), bytes")
                .callback(callback -> callback.call(metrics.fullest().total()))
                .register(registry);
    }

    /** The directories minus any inside another, so that no file is counted twice. */
    static List<Path> outermost(List<Path> directories) {
        List<Path> normalized = directories.stream().map(d -> d.toAbsolutePath().normalize()).distinct().toList();
        List<Path> out = new ArrayList<>();
        for (Path directory : normalized) {
            if (normalized.stream().noneMatch(other -> !other.equals(directory) && directory.startsWith(other))) {
                out.add(directory);
            }
        }
        return out;
    }

    private long usedBytes() {
        long now = System.nanoTime();
        long last = walkedNanos.get();
        if ((last == Long.MIN_VALUE || now - last >= WALK_INTERVAL_NANOS) && walkedNanos.compareAndSet(last, now)) {
            long total = 0;
            for (Path directory : directories) {
                long walked = walk(directory);
                if (walked < 0) {
                    return usedBytes;
                }
                total += walked;
            }
            usedBytes = total;
        }
        return usedBytes;
    }

    private static long walk(Path directory) {
        AtomicLong total = new AtomicLong();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
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
            return -1;
        }
        return total.get();
    }

    private Volume fullest() {
        return fullest(directories, DataDirectoryMetrics::volume);
    }

    /** Of the directories' volumes, the one with the least usable space; zeros when none can be read. */
    static Volume fullest(List<Path> directories, java.util.function.Function<Path, Volume> volumeOf) {
        Volume fullest = null;
        for (Path directory : directories) {
            Volume volume = volumeOf.apply(directory);
            if (volume != null && (fullest == null || volume.usable() < fullest.usable())) {
                fullest = volume;
            }
        }
        return fullest != null ? fullest : new Volume(0, 0);
    }

    /** The least usable bytes on the volumes of {@code directories}, or -1 when none can be read. */
    static long leastUsableBytes(List<Path> directories, ToLongFunction<Path> usableBytes) {
        long least = -1;
        for (Path directory : directories) {
            long usable = usableBytes.applyAsLong(directory);
            if (usable >= 0 && (least < 0 || usable < least)) {
                least = usable;
            }
        }
        return least;
    }

    /** One volume's usable and total bytes. */
    record Volume(long usable, long total) {}

    /** The volume of {@code directory}, or null when it cannot be read (the directory is gone, say). */
    private static Volume volume(Path directory) {
        try {
            FileStore store = Files.getFileStore(directory);
            return new Volume(store.getUsableSpace(), store.getTotalSpace());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.storage.testkit.TestSpans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate value directory: the partitions' table files go there, everything else stays in
 * the data directory; retention frees the value directory; snapshots restore into either layout.
 */
class RocksDbValueDirectoryIT {
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(TestSpans.BASE_EPOCH_NANOS);

    private RocksDbStorage open(Path data, Path values) {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(data).valueDirectory(values)
                .partitionDuration(Duration.ofHours(1)).retention(Duration.ofHours(2)).clock(now::get).build());
    }

    /** {@code spans} spans with 1.5 KB of incompressible attributes each, {@code offsetHours} after the base. */
    private static List<Span> trace(long traceLow, int offsetHours, int spans) {
        List<Span> out = new ArrayList<>();
        Random random = new Random(traceLow);
        for (int i = 1; i <= spans; i++) {
            byte[] noise = new byte[1_500];
            random.nextBytes(noise);
            out.add(TestSpans.span(TraceId.of(0, traceLow), i)
                    .startEpochNanos(TestSpans.at(offsetHours * HOUR_NANOS + i))
                    .addAttribute(Attribute.of("payload", java.util.Base64.getEncoder().encodeToString(noise)))
                    .build());
        }
        return out;
    }

    @Test
    void partitionTableFiles_goToTheValueDirectory_theRestStaysInTheDataDirectory() throws IOException {
        Path data = dir.resolve("keys");
        Path values = dir.resolve("values");
        try (RocksDbStorage storage = open(data, values)) {
            storage.write(trace(1, 0, 500));
        }
        assertThat(names(values)).isNotEmpty().allMatch(name -> name.endsWith(".sst"));
        assertThat(bytes(values)).isGreaterThan(500_000);
        assertThat(names(data)).contains("CURRENT").anyMatch(name -> name.startsWith("MANIFEST-"))
                .anyMatch(name -> name.endsWith(".log"));
        // meta and catalogue are small: their table files, if flushed, are in the data directory.
        assertThat(bytes(data)).isLessThan(bytes(values));
        try (RocksDbStorage storage = open(data, values)) {
            assertThat(storage.getTrace(TraceId.of(0, 1))).get().satisfies(t -> assertThat(t.spans()).hasSize(500));
            assertThat(storage.getServices()).containsExactly("frontend");
        }
    }

    @Test
    void retention_freesTheValueDirectory() throws IOException {
        Path data = dir.resolve("keys");
        Path values = dir.resolve("values");
        try (RocksDbStorage storage = open(data, values)) {
            storage.write(trace(1, 0, 2_000));
            storage.write(trace(2, 3, 10));
        }
        long before = bytes(values);
        try (RocksDbStorage storage = open(data, values)) {
            now.set(TestSpans.at(4 * HOUR_NANOS));
            assertThat(storage.expire(now.get())).containsExactly("spans-20261128T1200");
            assertThat(storage.getTrace(TraceId.of(0, 1))).isEmpty();
            assertThat(storage.getTrace(TraceId.of(0, 2))).isPresent();
        }
        assertThat(before).as("value directory bytes before").isGreaterThan(2_500_000);
        assertThat(bytes(values)).as("value directory bytes after dropping ~3 MB, from %d", before)
                .isLessThan(before - 2_000_000);
    }

    @Test
    void snapshot_restoresIntoOneDirectoryOrSplitAgain_withEveryWriteBeforeIt() throws IOException {
        Path data = dir.resolve("keys");
        Path values = dir.resolve("values");
        Path snapshot = dir.resolve("snapshot");
        try (RocksDbStorage storage = open(data, values)) {
            storage.write(trace(1, 0, 300));
            storage.checkpoint(snapshot);
            storage.write(trace(2, 0, 3));
            assertThat(names(snapshot.resolve(SplitSnapshot.VALUES))).isNotEmpty().allMatch(n -> n.endsWith(".sst"));
        }
        // One directory: the value files next to the others.
        Path single = dir.resolve("single");
        copyFlat(snapshot, single);
        copyFlat(snapshot.resolve(SplitSnapshot.VALUES), single);
        try (RocksDbStorage restored = open(single, single)) {
            assertThat(restored.getTrace(TraceId.of(0, 1))).get().satisfies(t -> assertThat(t.spans()).hasSize(300));
            assertThat(restored.getTrace(TraceId.of(0, 2))).isEmpty();
            assertThat(restored.getServices()).containsExactly("frontend");
        }
        // Split again, into new directories.
        Path data2 = dir.resolve("keys2");
        Path values2 = dir.resolve("values2");
        copyFlat(snapshot, data2);
        copyFlat(snapshot.resolve(SplitSnapshot.VALUES), data2);
        assertThat(SplitSnapshot.separate(data2, values2)).isPositive();
        try (RocksDbStorage restored = open(data2, values2)) {
            assertThat(restored.getTrace(TraceId.of(0, 1))).get().satisfies(t -> assertThat(t.spans()).hasSize(300));
            restored.write(trace(3, 0, 2));
        }
        try (RocksDbStorage restored = open(data2, values2)) {
            assertThat(restored.getTrace(TraceId.of(0, 3))).isPresent();
        }
    }

    @Test
    void snapshotUnderConcurrentWrites_holdsEveryAcknowledgedBatchWhole() throws Exception {
        Path data = dir.resolve("keys");
        Path values = dir.resolve("values");
        Path snapshot = dir.resolve("snapshot");
        java.util.Set<Long> acknowledgedBefore;
        try (RocksDbStorage storage = open(data, values)) {
            java.util.concurrent.ConcurrentLinkedQueue<Long> acknowledged = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong(1);
            Runnable writer = () -> {
                while (writing.get()) {
                    long id = next.getAndIncrement();
                    storage.write(trace(id, (int) (id % 3), 5));
                    acknowledged.add(id);
                }
            };
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                writers.submit(writer);
                writers.submit(writer);
                while (acknowledged.size() < 50) {
                    Thread.sleep(5);
                }
                acknowledgedBefore = new java.util.HashSet<>(acknowledged);
                storage.checkpoint(snapshot);
            } finally {
                writing.set(false);
                writers.shutdown();
                assertThat(writers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
            assertThat(acknowledged.size()).isGreaterThan(acknowledgedBefore.size());
        }
        Path single = dir.resolve("single");
        copyFlat(snapshot, single);
        copyFlat(snapshot.resolve(SplitSnapshot.VALUES), single);
        try (RocksDbStorage restored = open(single, single)) {
            for (long id : acknowledgedBefore) {
                assertThat(restored.getTrace(TraceId.of(0, id))).as("trace %d", id).get()
                        .satisfies(t -> assertThat(t.spans()).hasSize(5));
            }
            for (long id = 1; id < acknowledgedBefore.size() + 1_000; id++) {
                long traceLow = id;
                restored.getTrace(TraceId.of(0, id)).ifPresent(t -> assertThat(t.spans()).as("trace %d", traceLow).hasSize(5));
            }
        }
    }

    @Test
    void tableFilesInTheValueDirectoryWithoutAStore_areRefusedAndKept() throws IOException {
        Path values = Files.createDirectories(dir.resolve("values"));
        Files.write(values.resolve("000012.sst"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> open(dir.resolve("keys"), values))
                .isInstanceOf(RocksDbOpenException.class)
                .hasMessageContaining(values.toString())
                .hasMessageContaining("has no store");
        assertThat(values.resolve("000012.sst")).exists();
    }

    @Test
    void aSplitStoreOpenedWithoutItsValueDirectory_failsClearlyAndChangesNothing() throws IOException {
        Path data = dir.resolve("keys");
        Path values = dir.resolve("values");
        try (RocksDbStorage storage = open(data, values)) {
            storage.write(trace(1, 0, 50));
        }
        java.util.Map<String, String> dataBefore = DirectoryContents.of(data);
        java.util.Map<String, String> valuesBefore = DirectoryContents.of(values);
        assertThatThrownBy(() -> open(data, data))
                .isInstanceOf(RocksDbOpenException.class)
                .hasMessageContaining(data.toAbsolutePath().toString())
                .hasMessageContaining("table file")
                .hasMessageContaining("value directory");
        assertThatThrownBy(() -> open(data, dir.resolve("elsewhere")))
                .isInstanceOf(RocksDbOpenException.class)
                .hasMessageContaining("value directory");
        assertThat(DirectoryContents.of(data)).isEqualTo(dataBefore);
        assertThat(DirectoryContents.of(values)).isEqualTo(valuesBefore);
        try (RocksDbStorage storage = open(data, values)) {
            assertThat(storage.getTrace(TraceId.of(0, 1))).isPresent();
        }
    }

    private static void copyFlat(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList();
        }
    }

    private static long bytes(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}

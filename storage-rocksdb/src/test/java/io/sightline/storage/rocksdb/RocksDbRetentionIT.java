package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.storage.testkit.TestSpans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention drops whole partitions: the spans go, the disk comes back, and nothing else is touched. */
class RocksDbRetentionIT {
    private static final long HOUR_NANOS = 3_600_000_000_000L;
    private static final Duration RETENTION = Duration.ofHours(2);

    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(TestSpans.BASE_EPOCH_NANOS);

    private RocksDbStorage open() {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(dir)
                .partitionDuration(Duration.ofHours(1)).retention(RETENTION).clock(now::get).build());
    }

    /** A trace of {@code spans} spans with 2 KB of incompressible attributes each, {@code offsetHours} after the base. */
    private static List<Span> trace(long traceLow, int offsetHours, int spans) {
        List<Span> out = new ArrayList<>();
        java.util.Random random = new java.util.Random(traceLow);
        for (int i = 1; i <= spans; i++) {
            byte[] noise = new byte[1_500];
            random.nextBytes(noise);
            out.add(TestSpans.span(TraceId.of(0, traceLow), i)
                    .startEpochNanos(TestSpans.BASE_EPOCH_NANOS + offsetHours * HOUR_NANOS + i)
                    .addAttribute(io.sightline.core.model.Attribute.of("payload", java.util.Base64.getEncoder().encodeToString(noise)))
                    .build());
        }
        return out;
    }

    @Test
    void expiredPartitions_areDropped_theirSpansGone_andTheDiskComesBack() throws IOException {
        try (RocksDbStorage storage = open()) {
            storage.write(trace(1, 0, 2_000));
            storage.write(trace(2, 3, 10));
        }
        long before = directoryBytes();
        try (RocksDbStorage storage = open()) {
            // Three hours after the first partition ended, past the 2 h retention; the second is young.
            now.set(TestSpans.BASE_EPOCH_NANOS + 4 * HOUR_NANOS);
            assertThat(storage.expire(now.get())).containsExactly("spans-20261128T1200");
            assertThat(storage.getTrace(TraceId.of(0, 1))).isEmpty();
            assertThat(storage.getTrace(TraceId.of(0, 2))).get().satisfies(t -> assertThat(t.spans()).hasSize(10));
            assertThat(storage.stats().partitions()).hasSize(1);
            assertThat(storage.stats().droppedPartitions()).isEqualTo(1);
            assertThat(storage.expire(now.get())).isEmpty();
        }
        long after = directoryBytes();
        assertThat(before).as("bytes before").isGreaterThan(2_500_000);
        assertThat(after).as("bytes after dropping ~3 MB of spans, from %d", before).isLessThan(before - 2_000_000);

        try (RocksDbStorage reopened = open()) {
            assertThat(reopened.getTrace(TraceId.of(0, 1))).isEmpty();
            assertThat(reopened.getTrace(TraceId.of(0, 2))).isPresent();
            assertThat(reopened.partitions()).extracting(Partition::name).containsExactly("spans-20261128T1500");
        }
    }

    @Test
    void spansArrivingLateWithOldStartTimes_areKeptForTheRetentionAfterTheyArrived() {
        try (RocksDbStorage storage = open()) {
            now.set(TestSpans.BASE_EPOCH_NANOS + 10 * HOUR_NANOS);
            storage.write(trace(3, 0, 5));
            assertThat(storage.expire(now.get() + HOUR_NANOS)).isEmpty();
            assertThat(storage.getTrace(TraceId.of(0, 3))).isPresent();
            assertThat(storage.expire(now.get() + 2 * HOUR_NANOS + 1)).containsExactly("spans-20261128T1200");
            assertThat(storage.getTrace(TraceId.of(0, 3))).isEmpty();
        }
    }

    @Test
    void aDroppedPartition_isMadeAgainByTheNextSpanInItsRange() {
        try (RocksDbStorage storage = open()) {
            storage.write(trace(4, 0, 3));
            now.set(TestSpans.BASE_EPOCH_NANOS + 5 * HOUR_NANOS);
            assertThat(storage.expire(now.get())).hasSize(1);
            storage.write(trace(5, 0, 2));
            assertThat(storage.getTrace(TraceId.of(0, 5))).get().satisfies(t -> assertThat(t.spans()).hasSize(2));
            assertThat(storage.expire(now.get())).isEmpty();
        }
    }

    @Test
    void zeroRetention_keepsEverything() {
        try (RocksDbStorage storage = RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(dir)
                .partitionDuration(Duration.ofHours(1)).retention(Duration.ZERO).clock(now::get).build())) {
            storage.write(trace(6, 0, 3));
            assertThat(storage.expire(Long.MAX_VALUE / 2)).isEmpty();
            assertThat(storage.getTrace(TraceId.of(0, 6))).isPresent();
        }
    }

    private long directoryBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}

package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.SpanKind;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.StorageException;
import io.sightline.core.storage.TraceQuery;
import io.sightline.storage.testkit.TestSpans;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-only mode: a second store on the same directories while the primary runs, as a RocksDB
 * secondary instance. It sees the primary's writes and partitions once it catches up, and
 * refuses to write, expire or snapshot.
 */
class RocksDbReadOnlyIT {
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(TestSpans.BASE_EPOCH_NANOS);

    private RocksDbStorage primary(Path data, Path values) {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(data).valueDirectory(values)
                .partitionDuration(Duration.ofHours(1)).retention(Duration.ofHours(2)).clock(now::get).build());
    }

    private static RocksDbStorage readOnly(Path data, Path values, Duration catchUp) {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(data).valueDirectory(values)
                .partitionDuration(Duration.ofHours(1)).readOnly(true).catchUpInterval(catchUp).build());
    }

    private static void write(RocksDbStorage storage, long traceLow, long offsetNanos, io.sightline.core.model.Resource resource) {
        storage.write(List.of(TestSpans.span(TraceId.of(0, traceLow), 1).resource(resource)
                .startEpochNanos(TestSpans.at(offsetNanos)).build()));
    }

    @Test
    void readOnlyStore_seesThePrimarysWritesAndPartitionsAfterCatchingUp() {
        readOnlyStore_followsThePrimary(dir.resolve("data"), dir.resolve("data"));
    }

    @Test
    void readOnlyStore_followsAPrimaryWithASeparateValueDirectory() {
        readOnlyStore_followsThePrimary(dir.resolve("keys"), dir.resolve("values"));
    }

    private void readOnlyStore_followsThePrimary(Path data, Path values) {
        try (RocksDbStorage primary = primary(data, values)) {
            write(primary, 1, 0, TestSpans.FRONTEND);
            try (RocksDbStorage follower = readOnly(data, values, Duration.ofHours(1))) {
                assertThat(follower.getTrace(TraceId.of(0, 1))).isPresent();
                assertThat(follower.getServices()).containsExactly("frontend");

                // A write into the same partition: visible after catching up, without a reopen.
                write(primary, 2, 10, TestSpans.FRONTEND);
                follower.catchUpWithPrimary();
                assertThat(follower.getTrace(TraceId.of(0, 2))).isPresent();

                // A new partition and a new service.
                write(primary, 3, 3 * HOUR_NANOS, TestSpans.MYSQL);
                assertThat(follower.getTrace(TraceId.of(0, 3))).isEmpty();
                follower.catchUpWithPrimary();
                assertThat(follower.getTrace(TraceId.of(0, 3))).isPresent();
                assertThat(follower.getServices()).containsExactly("frontend", "mysql");
                assertThat(follower.partitions()).extracting(Partition::name)
                        .containsExactly("spans-20261128T1200", "spans-20261128T1500");
                assertThat(follower.findTraceIds(TraceQuery.forService("mysql", TestSpans.at(0) / 1000,
                        TestSpans.at(4 * HOUR_NANOS) / 1000, 10)))
                        .containsExactly(TraceId.of(0, 3));

                // The primary drops the first partition: gone from the follower too, with its names.
                now.set(TestSpans.at(4 * HOUR_NANOS));
                assertThat(primary.expire(now.get())).containsExactly("spans-20261128T1200");
                follower.catchUpWithPrimary();
                assertThat(follower.getTrace(TraceId.of(0, 1))).isEmpty();
                assertThat(follower.getTrace(TraceId.of(0, 3))).isPresent();
                assertThat(follower.partitions()).extracting(Partition::name).containsExactly("spans-20261128T1500");
                assertThat(follower.getServices()).containsExactly("mysql");
                assertThat(follower.check().healthy()).isTrue();
            }
        }
    }

    @Test
    void readOnlyStore_catchesUpByItselfAtTheInterval() throws InterruptedException {
        Path data = dir.resolve("data");
        try (RocksDbStorage primary = primary(data, data);
                RocksDbStorage follower = readOnly(data, data, Duration.ofMillis(50))) {
            write(primary, 7, 5 * HOUR_NANOS, TestSpans.REDIS);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (follower.getTrace(TraceId.of(0, 7)).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(follower.getTrace(TraceId.of(0, 7))).isPresent();
            assertThat(follower.getOperations("redis", SpanKind.SERVER)).isNotEmpty();
        }
    }

    @Test
    void readOnlyStore_refusesWritesSnapshotsAndRetentionClearly() {
        Path data = dir.resolve("data");
        try (RocksDbStorage primary = primary(data, data)) {
            write(primary, 1, 0, TestSpans.FRONTEND);
            try (RocksDbStorage follower = readOnly(data, data, Duration.ofHours(1))) {
                assertThatThrownBy(() -> write(follower, 9, 0, TestSpans.MYSQL))
                        .isInstanceOf(StorageException.class)
                        .hasMessageContaining("read-only")
                        .hasMessageContaining(data.toAbsolutePath().toString());
                assertThatThrownBy(() -> follower.checkpoint(dir.resolve("snapshot")))
                        .isInstanceOf(StorageException.class).hasMessageContaining("read-only");
                assertThat(dir.resolve("snapshot")).doesNotExist();
                assertThat(follower.expire(Long.MAX_VALUE / 2)).isEmpty();
                follower.catchUpWithPrimary();
                assertThat(follower.getTrace(TraceId.of(0, 9))).isEmpty();
                assertThat(follower.getServices()).containsExactly("frontend");
            }
            assertThat(primary.getTrace(TraceId.of(0, 1))).isPresent();
        }
    }

    @Test
    void readOnlyStore_reopensOnlyWhenThePartitionsChange_notForARecordLeftWithoutItsPartition() throws Exception {
        Path data = dir.resolve("data");
        try (RocksDbStorage primary = primary(data, data)) {
            write(primary, 1, 0, TestSpans.FRONTEND);
        }
        // As a retention run stopped between dropping a partition and removing its record leaves it.
        RawRocksDb.put(data, RocksDbStorage.META, Partition.recordKey("spans-20200101T0000"), new byte[24]);
        try (RocksDbStorage primary = primary(data, data);
                RocksDbStorage follower = readOnly(data, data, Duration.ofHours(1))) {
            assertThat(follower.openings()).isEqualTo(1);
            write(primary, 2, 20, TestSpans.FRONTEND);
            follower.catchUpWithPrimary();
            follower.catchUpWithPrimary();
            assertThat(follower.getTrace(TraceId.of(0, 2))).isPresent();
            assertThat(follower.openings()).isEqualTo(1);
            write(primary, 3, 2 * HOUR_NANOS, TestSpans.FRONTEND);
            follower.catchUpWithPrimary();
            assertThat(follower.openings()).isEqualTo(2);
            follower.catchUpWithPrimary();
            assertThat(follower.openings()).isEqualTo(2);
            assertThat(follower.getTrace(TraceId.of(0, 3))).isPresent();
        }
    }

    @Test
    void readOnlyStore_withNoStoreYet_failsNamingTheDirectory() {
        Path missing = dir.resolve("nothing-here");
        assertThatThrownBy(() -> readOnly(missing, missing, Duration.ofSeconds(1)))
                .isInstanceOf(RocksDbOpenException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("no store to open read-only");
        assertThat(missing).doesNotExist();
    }

    @Test
    void catchUp_onAPrimaryStore_isAnError() {
        try (RocksDbStorage primary = primary(dir.resolve("data"), dir.resolve("data"))) {
            assertThatThrownBy(primary::catchUpWithPrimary).isInstanceOf(IllegalStateException.class);
        }
    }
}

package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.storage.testkit.TestSpans;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PartitionsTest {
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    @Test
    void addExisting_takesTheRangeFromTheNameUntilARecordIsLoaded() {
        Partitions partitions = new Partitions(null, null, Duration.ofHours(1));
        partitions.addExisting("spans-20261128T1200", null);
        Partition partition = partitions.sorted().get(0);
        assertThat(partition.startEpochNanos()).isEqualTo(TestSpans.BASE_EPOCH_NANOS);
        assertThat(partition.endEpochNanos()).isEqualTo(TestSpans.BASE_EPOCH_NANOS + HOUR_NANOS);
        assertThat(partition.recorded()).isFalse();

        assertThat(partitions.loadRecord("spans-20261128T1200", partition.recordValue(42L))).isTrue();
        assertThat(partitions.sorted().get(0).recorded()).isTrue();
        assertThat(partitions.sorted().get(0).lastWriteEpochNanos()).isEqualTo(partition.endEpochNanos());
        assertThat(partitions.loadRecord("spans-20000101T0000", partition.recordValue(0L))).isFalse();
    }

    @Test
    void aRecordWithoutALastWrite_countsAsWrittenAtTheEndOfItsRange() {
        Partitions partitions = new Partitions(null, null, Duration.ofHours(1));
        partitions.addExisting("spans-20261128T1200", null);
        byte[] legacy = java.util.Arrays.copyOf(partitions.sorted().get(0).recordValue(0L), 16);
        assertThat(partitions.loadRecord("spans-20261128T1200", legacy)).isTrue();
        Partition loaded = partitions.sorted().get(0);
        assertThat(loaded.lastWriteEpochNanos()).isEqualTo(loaded.endEpochNanos());
        assertThat(loaded.expiredAt(loaded.endEpochNanos())).isTrue();
        assertThat(loaded.expiredAt(loaded.endEpochNanos() - 1)).isFalse();
    }

    @Test
    void aLateWriteIntoAnOldPartition_keepsItForTheWholeRetentionAfterTheWrite() {
        Partitions partitions = new Partitions(null, null, Duration.ofHours(1));
        partitions.addExisting("spans-20261128T1200", null);
        Partition partition = partitions.sorted().get(0);
        long lateWrite = partition.endEpochNanos() + 10 * HOUR_NANOS;
        assertThat(partition.needsRecord(lateWrite)).isTrue();
        partition.markRecorded(lateWrite);
        assertThat(partition.needsRecord(lateWrite + 1_000)).isFalse();
        assertThat(partition.needsRecord(lateWrite + Partition.RECORD_REFRESH_NANOS + 1)).isTrue();
        assertThat(partition.expiredAt(partition.endEpochNanos() + HOUR_NANOS)).isFalse();
        assertThat(partition.expiredAt(lateWrite)).isTrue();
    }

    @Test
    void addExisting_withAnUnparseableNameIsNeverExpiredByAge() {
        Partitions partitions = new Partitions(null, null, Duration.ofDays(1));
        partitions.addExisting("spans-not-a-date", null);
        Partition partition = partitions.sorted().get(0);
        assertThat(partition.startEpochNanos()).isEqualTo(Long.MIN_VALUE);
        assertThat(partition.endEpochNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void recordKey_roundTripsThePartitionName() {
        assertThat(Partition.recordedName(Partition.recordKey("spans-20261128T0000"))).isEqualTo("spans-20261128T0000");
        assertThat(Partition.recordedName(RocksDbStorage.LAYOUT_VERSION_KEY)).isNull();
    }

    @Test
    void partitionDuration_mustBeWholeMinutesAndDefaultsToOneDay() {
        assertThatThrownBy(() -> RocksDbStorageOptions.builder().partitionDuration(Duration.ofSeconds(90)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitionDuration: PT1M30S (expected: a whole number of minutes, at least 1)");
        RocksDbStorageOptions defaults = RocksDbStorageOptions.builder().dataDirectory(Path.of("data")).build();
        assertThat(defaults.partitionDuration()).isEqualTo(Duration.ofDays(1));
        assertThat(defaults.syncWrites()).isTrue();
    }
}

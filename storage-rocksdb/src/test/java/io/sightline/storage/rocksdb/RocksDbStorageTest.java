package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.StorageException;
import io.sightline.storage.testkit.TestSpans;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded store does: survive reopening, and refuse directories it cannot own. */
class RocksDbStorageTest {
    private static final TraceId TRACE = TraceId.of(0x1234, 0x5678);

    @TempDir
    Path directory;

    private RocksDbStorage open(Path dir) {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(dir).build());
    }

    @Test
    void reopen_keepsEverySpanAndTheCatalogue() {
        Span span = TestSpans.rich(TRACE, 1, 0, 0);
        Span other = TestSpans.simple(TRACE, 2, TestSpans.MYSQL, "SELECT", SpanKind.CLIENT, 86_400_000_000_000L);
        try (RocksDbStorage storage = open(directory)) {
            storage.write(List.of(span, other));
        }
        try (RocksDbStorage storage = open(directory)) {
            assertThat(storage.getTrace(TRACE).orElseThrow().spans()).containsExactly(span, other);
            assertThat(storage.getServices()).containsExactly("frontend", "mysql");
            assertThat(storage.getOperations("mysql", null)).containsExactly(new Operation("SELECT", SpanKind.CLIENT));
            assertThat(storage.partitionNames()).hasSize(2).allMatch(name -> name.startsWith("spans-"));
        }
    }

    @Test
    void open_lockedDirectoryFailsNamingTheDirectory() {
        try (RocksDbStorage first = open(directory)) {
            assertThatThrownBy(() -> open(directory))
                    .isInstanceOf(RocksDbOpenException.class)
                    .hasMessageContaining("data directory " + directory.toAbsolutePath())
                    .hasMessageContaining("is locked by another process");
            first.write(List.of(TestSpans.simple(TRACE, 1, TestSpans.FRONTEND, "op", SpanKind.SERVER, 0)));
        }
    }

    @Test
    void open_directoryThatCannotBeCreatedFailsClearly() throws Exception {
        Path file = Files.createFile(directory.resolve("a-file"));
        assertThatThrownBy(() -> open(file.resolve("sub")))
                .isInstanceOf(RocksDbOpenException.class)
                .hasMessageContaining("data directory " + file.resolve("sub"))
                .hasMessageContaining("cannot be created");
        assertThatThrownBy(() -> open(file))
                .isInstanceOf(RocksDbOpenException.class)
                .hasMessageContaining("cannot be created");
    }

    @Test
    void open_corruptedDirectoryFailsAndIsNotWiped() throws Exception {
        try (RocksDbStorage storage = open(directory)) {
            storage.write(List.of(TestSpans.simple(TRACE, 1, TestSpans.FRONTEND, "op", SpanKind.SERVER, 0)));
        }
        Files.writeString(directory.resolve("CURRENT"), "MANIFEST-999999\n", StandardCharsets.UTF_8);
        List<String> filesBefore;
        try (var files = Files.list(directory)) {
            filesBefore = files.map(f -> f.getFileName().toString()).filter(name -> !name.startsWith("LOG")).toList();
        }
        assertThatThrownBy(() -> open(directory))
                .isInstanceOf(RocksDbOpenException.class)
                .hasMessageContaining("data directory " + directory.toAbsolutePath());
        // Nothing of the store was deleted (RocksDB only rotates its info LOG on each attempt).
        try (var files = Files.list(directory)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsAll(filesBefore);
        }
    }

    @Test
    void closedStorage_refusesWritesAndReportsUnhealthy() {
        RocksDbStorage storage = open(directory);
        storage.close();
        storage.close();
        assertThat(storage.check().healthy()).isFalse();
        assertThatThrownBy(() -> storage.write(List.of(TestSpans.rich(TRACE, 1, 0, 0))))
                .isInstanceOf(StorageException.class).hasMessageContaining("is closed");
    }

    @Test
    void partitionName_isTheStartOfThePeriodInUtc() {
        assertThat(SpanKeys.partitionName(TestSpans.BASE_EPOCH_NANOS + 3_600_000_000_000L, java.time.Duration.ofDays(1)))
                .isEqualTo("spans-20261128T0000");
        assertThat(SpanKeys.partitionName(TestSpans.BASE_EPOCH_NANOS + 3_600_000_000_000L, java.time.Duration.ofHours(1)))
                .isEqualTo("spans-20261128T1300");
    }
}

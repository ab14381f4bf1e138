package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.TraceId;
import io.sightline.storage.testkit.TestSpans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ephemeral mode: a fresh temporary directory, gone at close, whatever data directory was given. */
class RocksDbEphemeralIT {
    @TempDir
    Path dir;

    @Test
    void ephemeralStore_livesInAFreshTemporaryDirectory_deletedAtClose_andIgnoresTheDataDirectory() {
        Path given = dir.resolve("data");
        Path where;
        try (RocksDbStorage storage = RocksDbStorage.open(RocksDbStorageOptions.builder().ephemeral(true)
                .dataDirectory(given).valueDirectory(dir.resolve("values")).build())) {
            where = storage.directory();
            assertThat(where).isNotEqualTo(given.toAbsolutePath()).exists();
            assertThat(storage.valueDirectory()).isEqualTo(where);
            storage.write(List.of(TestSpans.span(TraceId.of(0, 1), 1).build()));
            assertThat(storage.getTrace(TraceId.of(0, 1))).isPresent();
            assertThat(storage.getServices()).containsExactly("frontend");
        }
        assertThat(where).doesNotExist();
        assertThat(given).doesNotExist();
        assertThat(dir.resolve("values")).doesNotExist();

        try (RocksDbStorage next = RocksDbStorage.open(RocksDbStorageOptions.builder().ephemeral(true).build())) {
            assertThat(next.directory()).isNotEqualTo(where);
            assertThat(next.getTrace(TraceId.of(0, 1))).isEmpty();
            assertThat(next.getServices()).isEmpty();
        }
    }

    @Test
    void ephemeralAndReadOnlyTogether_areRefused() {
        assertThatThrownBy(() -> RocksDbStorageOptions.builder().ephemeral(true).readOnly(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ephemeral and readOnly");
    }

    @Test
    void withoutEphemeral_aDataDirectoryIsRequired() {
        assertThatThrownBy(() -> RocksDbStorageOptions.builder().build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("dataDirectory");
        assertThat(Files.exists(dir)).isTrue();
    }
}

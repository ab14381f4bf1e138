package io.sightline.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoryMetricsTest {
    private static final Path KEYS = Path.of("/ssd/keys").toAbsolutePath();
    private static final Path VALUES = Path.of("/hdd/values").toAbsolutePath();

    @Test
    void aDirectoryInsideAnother_isNotWalkedTwice() {
        assertThat(DataDirectoryMetrics.outermost(List.of(KEYS, KEYS.resolve("values"))))
                .containsExactly(KEYS);
        assertThat(DataDirectoryMetrics.outermost(List.of(KEYS, VALUES, KEYS))).containsExactly(KEYS, VALUES);
    }

    @Test
    void theFullerVolume_isTheOneReported_andAnUnreadableOneIsSkipped() {
        Map<Path, DataDirectoryMetrics.Volume> volumes = Map.of(
                KEYS, new DataDirectoryMetrics.Volume(900, 1_000),
                VALUES, new DataDirectoryMetrics.Volume(100, 10_000));
        assertThat(DataDirectoryMetrics.fullest(List.of(KEYS, VALUES), volumes::get))
                .isEqualTo(new DataDirectoryMetrics.Volume(100, 10_000));
        assertThat(DataDirectoryMetrics.fullest(List.of(KEYS, Path.of("/gone")), volumes::get))
                .isEqualTo(new DataDirectoryMetrics.Volume(900, 1_000));
        assertThat(DataDirectoryMetrics.fullest(List.of(Path.of("/gone")), volumes::get))
                .isEqualTo(new DataDirectoryMetrics.Volume(0, 0));
    }

    @Test
    void diskGuardReadsTheLeastFreeSpaceOfEveryVolume() {
        Map<Path, Long> usable = Map.of(KEYS, 5_000L, VALUES, 300L);
        assertThat(DataDirectoryMetrics.leastUsableBytes(List.of(KEYS, VALUES), usable::get)).isEqualTo(300);
        assertThat(DataDirectoryMetrics.leastUsableBytes(List.of(KEYS, Path.of("/gone")),
                p -> usable.getOrDefault(p, -1L))).isEqualTo(5_000);
        assertThat(DataDirectoryMetrics.leastUsableBytes(List.of(Path.of("/gone")), p -> -1L)).isEqualTo(-1);
    }
}

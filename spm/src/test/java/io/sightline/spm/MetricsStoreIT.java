package io.sightline.spm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsStoreIT {
    private static final double[] BOUNDS = {2, 4};
    private static final long HOUR_MS = 3_600_000;
    private static final long T0 = 1_700_000_010_000L;

    @TempDir
    Path dir;

    private static SeriesSnapshot series(String service, long... counts) {
        return new SeriesSnapshot(new String[] {"service_name", "span_kind"}, new String[] {service, "SPAN_KIND_SERVER"},
                0, 0, counts, new SeriesSnapshot.Exemplar[counts.length]);
    }

    @Test
    void snapshots_readBack_withUnchangedSeriesSampledAtEverySnapshot() {
        try (MetricsStore store = new MetricsStore(dir, BOUNDS, HOUR_MS, 48 * HOUR_MS)) {
            store.append(T0, List.of(series("a", 1, 0, 0), series("b", 0, 1, 0)));
            store.append(T0 + 15_000, List.of(series("a", 2, 0, 1), series("b", 0, 1, 0)));
            store.append(T0 + 30_000, List.of(series("a", 2, 0, 1), series("b", 0, 1, 0), series("c", 0, 0, 7)));

            List<StoredSeries> all = store.read(T0, T0 + 30_000, s -> true);
            assertThat(all).hasSize(3);
            StoredSeries a = all.get(0);
            assertThat(a.label("service_name")).isEqualTo("a");
            assertThat(a.size()).isEqualTo(3);
            assertThat(a.bucketCounts(2)).containsExactly(2, 0, 1);
            assertThat(a.count(2)).isEqualTo(3);
            assertThat(a.cumulative(2, 1)).isEqualTo(2);
            assertThat(all.get(1).size()).isEqualTo(3);
            assertThat(all.get(2).size()).isEqualTo(1);
            assertThat(all.get(2).timestampMs(0)).isEqualTo(T0 + 30_000);

            assertThat(store.read(T0 + 10_000, T0 + 20_000, s -> s.label("service_name").equals("a")))
                    .singleElement().satisfies(s -> {
                        assertThat(s.size()).isEqualTo(1);
                        assertThat(s.timestampMs(0)).isEqualTo(T0 + 15_000);
                    });
        }
    }

    @Test
    void series_continueAcrossSegmentsAndReopening() {
        try (MetricsStore store = new MetricsStore(dir, BOUNDS, HOUR_MS, 48 * HOUR_MS)) {
            store.append(T0, List.of(series("a", 1, 0, 0)));
            store.append(T0 + HOUR_MS, List.of(series("a", 5, 0, 0)));
        }
        try (MetricsStore reopened = new MetricsStore(dir, BOUNDS, HOUR_MS, 48 * HOUR_MS)) {
            // A restarted process counts from zero again, in a new segment.
            reopened.append(T0 + HOUR_MS + 15_000, List.of(series("a", 1, 0, 0)));
            StoredSeries a = reopened.read(T0, T0 + 2 * HOUR_MS, s -> true).get(0);
            assertThat(a.size()).isEqualTo(3);
            assertThat(a.count(0)).isEqualTo(1);
            assertThat(a.count(1)).isEqualTo(5);
            assertThat(a.count(2)).isEqualTo(1);
            assertThat(reopened.segmentFiles()).hasSize(3);
        }
    }

    @Test
    void retention_deletesWholeSegmentsThatEndedBeforeIt() {
        try (MetricsStore store = new MetricsStore(dir, BOUNDS, HOUR_MS, 2 * HOUR_MS)) {
            for (int h = 0; h <= 5; h++) {
                store.append(T0 + h * HOUR_MS, List.of(series("a", h, 0, 0)));
            }
            // The segment of h=2 ends at h=3, the retention edge: everything in it is older, so it goes too.
            assertThat(store.segmentFiles()).hasSize(3);
            assertThat(store.read(0, Long.MAX_VALUE, s -> true).get(0).count(0)).isEqualTo(3);
        }
    }

    @Test
    void aTornLastRecord_endsTheSegmentAndLosesNothingBeforeIt() throws IOException {
        try (MetricsStore store = new MetricsStore(dir, BOUNDS, HOUR_MS, 48 * HOUR_MS)) {
            store.append(T0, List.of(series("a", 1, 0, 0)));
            store.append(T0 + 15_000, List.of(series("a", 2, 0, 0)));
        }
        Path segment = Files.list(dir).findFirst().orElseThrow();
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
        try (MetricsStore store = new MetricsStore(dir, BOUNDS, HOUR_MS, 48 * HOUR_MS)) {
            assertThat(store.read(0, Long.MAX_VALUE, s -> true).get(0).size()).isEqualTo(2);
        }
    }

    @Test
    void aClockSteppingBack_neverOverwritesASegment() {
        try (MetricsStore store = new MetricsStore(dir, BOUNDS, HOUR_MS, 48 * HOUR_MS)) {
            store.append(T0, List.of(series("a", 1, 0, 0)));
            store.append(T0 + HOUR_MS, List.of(series("a", 2, 0, 0)));
            store.append(T0, List.of(series("a", 3, 0, 0)));
            assertThat(store.segmentFiles()).hasSize(3);
            assertThat(store.read(0, Long.MAX_VALUE, s -> true).get(0).size()).isEqualTo(3);
        }
    }

    @Test
    void segmentsWrittenWithOtherBuckets_areSkipped() {
        try (MetricsStore store = new MetricsStore(dir, new double[] {1, 2}, HOUR_MS, 48 * HOUR_MS)) {
            store.append(T0, List.of(series("a", 1, 0, 0)));
        }
        try (MetricsStore store = new MetricsStore(dir, BOUNDS, HOUR_MS, 48 * HOUR_MS)) {
            assertThat(store.read(0, Long.MAX_VALUE, s -> true)).isEmpty();
        }
    }
}

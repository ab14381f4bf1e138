package io.sightline.storage.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class IndexLayoutTest {
    private static final long NOV_28_NOON_MICROS = 1_795_867_200_000_000L;

    @Test
    void dailyIndicesAreNamedByStartDayInUtcWithAPrefixAndDash() {
        IndexLayout layout = new IndexLayout("prod", false);
        assertThat(layout.spanIndex(NOV_28_NOON_MICROS)).isEqualTo("prod-jaeger-span-2026-11-28");
        assertThat(layout.serviceIndex(NOV_28_NOON_MICROS + 12 * 3_600_000_000L)).isEqualTo("prod-jaeger-service-2026-11-29");
        assertThat(new IndexLayout("", false).spanIndex(NOV_28_NOON_MICROS - 1)).isEqualTo("jaeger-span-2026-11-28");
        assertThat(new IndexLayout("", false).spanReadPattern()).isEqualTo("jaeger-span-*,-jaeger-span-archive*");
    }

    @Test
    void theArchiveIsOneIndex() {
        IndexLayout archive = new IndexLayout("", true);
        assertThat(archive.spanIndex(NOV_28_NOON_MICROS)).isEqualTo("jaeger-span-archive");
        assertThat(archive.spanIndex(0)).isEqualTo("jaeger-span-archive");
        assertThat(archive.spanReadPattern()).isEqualTo("jaeger-span-archive");
    }

    @Test
    void dayOfKnowsOnlyThisPrefixsDailyIndices() {
        IndexLayout layout = new IndexLayout("prod-", false);
        assertThat(layout.dayOf("prod-jaeger-span-2026-11-28")).contains(LocalDate.of(2026, 11, 28));
        assertThat(layout.dayOf("prod-jaeger-service-2026-01-02")).contains(LocalDate.of(2026, 1, 2));
        assertThat(layout.dayOf("jaeger-span-2026-11-28")).isEmpty();
        assertThat(layout.dayOf("prod-jaeger-span-archive")).isEmpty();
        assertThat(layout.dayOf("prod-jaeger-span-2026-11-28-00")).isEmpty();
        assertThat(layout.dayOf("prod-jaeger-dependencies-2026-11-28")).isEmpty();
    }
}

package io.sightline.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoDurationsTest {

    @Test
    void format_matchesGoDurationStrings() {
        assertThat(GoDurations.format(0)).isEqualTo("0s");
        assertThat(GoDurations.format(850_000_000)).isEqualTo("850ms");
        assertThat(GoDurations.format(1_500)).isEqualTo("1.5µs");
        assertThat(GoDurations.format(182_100_000_000L)).isEqualTo("3m2.1s");
        assertThat(GoDurations.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(GoDurations.format(2_000_000_000L)).isEqualTo("2s");
    }
}

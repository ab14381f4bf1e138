package io.sightline.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void goDurations_becomeMilliseconds() {
        assertThat(Durations.parseMillis("0")).isZero();
        assertThat(Durations.parseMillis("500ms")).isEqualTo(500);
        assertThat(Durations.parseMillis("30s")).isEqualTo(30_000);
        assertThat(Durations.parseMillis("1m30s")).isEqualTo(90_000);
        assertThat(Durations.parseMillis("1.5h")).isEqualTo(5_400_000);
    }

    @Test
    void somethingElse_isRefusedNamingIt() {
        assertThatThrownBy(() -> Durations.parseMillis("30")).hasMessageContaining("'30' is not a duration");
        assertThatThrownBy(() -> Durations.parseMillis("5s garbage")).hasMessageContaining("'5s garbage'");
        assertThatThrownBy(() -> Durations.parseMillis("")).isInstanceOf(IllegalArgumentException.class);
    }
}

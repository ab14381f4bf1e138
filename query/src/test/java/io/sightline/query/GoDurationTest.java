package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoDurationTest {

    @Test
    void parse_everyUnit() {
        assertThat(GoDuration.parseNanos("7ns")).isEqualTo(7);
        assertThat(GoDuration.parseNanos("7us")).isEqualTo(7_000);
        assertThat(GoDuration.parseNanos("7\u00b5s")).isEqualTo(7_000);
        assertThat(GoDuration.parseNanos("7\u03bcs")).isEqualTo(7_000);
        assertThat(GoDuration.parseNanos("7ms")).isEqualTo(7_000_000);
        assertThat(GoDuration.parseNanos("7s")).isEqualTo(7_000_000_000L);
        assertThat(GoDuration.parseNanos("7m")).isEqualTo(420_000_000_000L);
        assertThat(GoDuration.parseNanos("7h")).isEqualTo(25_200_000_000_000L);
    }

    @Test
    void parse_decimalsCompoundsSignsAndBareZero() {
        assertThat(GoDuration.parseNanos("1.5s")).isEqualTo(1_500_000_000L);
        assertThat(GoDuration.parseNanos("1h30m")).isEqualTo(5_400_000_000_000L);
        assertThat(GoDuration.parseNanos("1m0.5s2ms")).isEqualTo(60_502_000_000L);
        assertThat(GoDuration.parseNanos(".5ms")).isEqualTo(500_000);
        assertThat(GoDuration.parseNanos("5.ms")).isEqualTo(5_000_000);
        assertThat(GoDuration.parseNanos("+2s")).isEqualTo(2_000_000_000L);
        assertThat(GoDuration.parseNanos("-2s")).isEqualTo(-2_000_000_000L);
        assertThat(GoDuration.parseNanos("0")).isZero();
        assertThat(GoDuration.parseNanos("-0")).isZero();
        assertThat(GoDuration.parseNanos("1.0000000009s")).isEqualTo(1_000_000_000L);
    }

    @Test
    void parse_rejectsWithGoMessages() {
        assertThatThrownBy(() -> GoDuration.parseNanos("abc"))
                .hasMessage("time: invalid duration \"abc\"");
        assertThatThrownBy(() -> GoDuration.parseNanos(""))
                .hasMessage("time: invalid duration \"\"");
        assertThatThrownBy(() -> GoDuration.parseNanos("-"))
                .hasMessage("time: invalid duration \"-\"");
        assertThatThrownBy(() -> GoDuration.parseNanos(".s"))
                .hasMessage("time: invalid duration \".s\"");
        assertThatThrownBy(() -> GoDuration.parseNanos("15"))
                .hasMessage("time: missing unit in duration \"15\"");
        assertThatThrownBy(() -> GoDuration.parseNanos("1h30"))
                .hasMessage("time: missing unit in duration \"1h30\"");
        assertThatThrownBy(() -> GoDuration.parseNanos("3d"))
                .hasMessage("time: unknown unit \"d\" in duration \"3d\"");
        assertThatThrownBy(() -> GoDuration.parseNanos("1 s"))
                .hasMessage("time: unknown unit \" s\" in duration \"1 s\"");
        assertThatThrownBy(() -> GoDuration.parseNanos("9999999999h"))
                .hasMessage("time: invalid duration \"9999999999h\"");
    }

    @Test
    void format_asGoPrintsDurations() {
        assertThat(GoDuration.format(0)).isEqualTo("0s");
        assertThat(GoDuration.format(999)).isEqualTo("999ns");
        assertThat(GoDuration.format(1_500)).isEqualTo("1.5µs");
        assertThat(GoDuration.format(250_000_000)).isEqualTo("250ms");
        assertThat(GoDuration.format(1_234_567)).isEqualTo("1.234567ms");
        assertThat(GoDuration.format(2_500_000_000L)).isEqualTo("2.5s");
        assertThat(GoDuration.format(-90_000_000_000L)).isEqualTo("-1m30s");
        assertThat(GoDuration.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(3_723_000_000_001L)).isEqualTo("1h2m3.000000001s");
    }

    @Test
    void formatThenParse_roundTrips() {
        for (long nanos : new long[] {1, 1_001, 999_999_999, 61_000_000_000L, 90_061_500_000_000L, -1_500}) {
            assertThat(GoDuration.parseNanos(GoDuration.format(nanos))).isEqualTo(nanos);
        }
    }
}

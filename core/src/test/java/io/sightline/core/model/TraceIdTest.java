package io.sightline.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceIdTest {

    @Test
    void fromHex_shortFormAndPaddedFormAreTheSameId() {
        assertThat(TraceId.fromHex("1abc")).isEqualTo(TraceId.fromHex("0000000000001abc"));
        assertThat(TraceId.fromHex("00000000000000000000000000001ABC")).isEqualTo(TraceId.of(0, 0x1abc));
    }

    @Test
    void toHex_rendersSixteenCharactersWhenHighHalfIsZero() {
        assertThat(TraceId.of(0, 0xabc).toHex()).isEqualTo("0000000000000abc");
        assertThat(TraceId.of(0, 0xabc).toHex32()).isEqualTo("00000000000000000000000000000abc");
        assertThat(TraceId.of(1, 2).toHex()).isEqualTo("00000000000000010000000000000002");
    }

    @Test
    void fromHex_splitsLongIdsSoTheLastSixteenCharactersAreTheLowHalf() {
        TraceId id = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(id.high()).isEqualTo(0x4bf92f3577b34da6L);
        assertThat(id.low()).isEqualTo(0xa3ce929d0e0e4736L);
        assertThat(id.toHex()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceId.fromHex("123456789abcdef01").high()).isEqualTo(1);
    }

    @Test
    void fromHex_rejectsBadInputNamingTheProblem() {
        assertThatThrownBy(() -> TraceId.fromHex("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> TraceId.fromHex("0".repeat(33)))
                .hasMessageContaining("cannot be longer than 32 hex characters");
        assertThatThrownBy(() -> TraceId.fromHex("xyz")).hasMessageContaining("not a hex string");
    }

    @Test
    void bytesRoundTrip() {
        TraceId id = TraceId.of(0x8000000000000001L, -1L);
        assertThat(TraceId.fromBytes(id.toBytes())).isEqualTo(id);
        assertThat(TraceId.fromBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 5})).isEqualTo(TraceId.of(0, 5));
    }

    @Test
    void compareTo_isUnsignedNumericOrder() {
        assertThat(TraceId.of(0, -1L)).isGreaterThan(TraceId.of(0, 1));
        assertThat(TraceId.of(1, 0)).isGreaterThan(TraceId.of(0, -1L));
    }
}

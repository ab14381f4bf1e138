package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpStatus;
import io.sightline.core.model.TraceId;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TraceIdParamTest {
    private static final TraceId ID = TraceId.of(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L);

    @Test
    void parse_acceptsHexCaseInsensitiveWithOptionalLeadingZeros() {
        assertThat(TraceIdParam.parse("4BF92F3577B34DA6A3CE929D0E0E4736")).isEqualTo(ID);
        assertThat(TraceIdParam.parse("00000000000000000000000000001abc")).isEqualTo(TraceId.of(0, 0x1abc));
        assertThat(TraceIdParam.parse("1abc")).isEqualTo(TraceId.of(0, 0x1abc));
    }

    @Test
    void parse_fallsBackToBase64InEitherAlphabetPaddedOrNot() {
        byte[] bytes = ID.toBytes();
        String standard = Base64.getEncoder().encodeToString(bytes);
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThat(standard).isEqualTo("S/kvNXezTaajzpKdDg5HNg==");
        assertThat(TraceIdParam.parse(standard)).isEqualTo(ID);
        assertThat(TraceIdParam.parse(url)).isEqualTo(ID);
        assertThat(TraceIdParam.parse(Base64.getEncoder().encodeToString(new byte[] {0, 0, 0, 0, 0, 0, 0x1a, (byte) 0xbc})))
                .isEqualTo(TraceId.of(0, 0x1abc));
    }

    @Test
    void parse_rejectsNonHexWith400NamingTheProblem() {
        assertThatThrownBy(() -> TraceIdParam.parse("xyz"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST))
                .hasMessage("TraceID is not a hex string: xyz");
    }

    @Test
    void parse_rejectsOver32Chars() {
        String tooLong = "1".repeat(33);

        assertThatThrownBy(() -> TraceIdParam.parse(tooLong))
                .isInstanceOf(ApiException.class)
                .hasMessage("TraceID cannot be longer than 32 hex characters: " + tooLong);
    }

    @Test
    void parse_rejectsBase64OfWrongLength() {
        String fourBytes = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4});

        assertThatThrownBy(() -> TraceIdParam.parse(fourBytes))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith("TraceID is not a hex string");
    }
}

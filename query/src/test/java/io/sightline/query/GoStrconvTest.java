package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoStrconvTest {

    @Test
    void parseInt_signedDecimalsWithinTheBitSize() {
        assertThat(GoStrconv.parseInt("1700000000000000", 64)).isEqualTo(1_700_000_000_000_000L);
        assertThat(GoStrconv.parseInt("-5", 64)).isEqualTo(-5);
        assertThat(GoStrconv.parseInt("+5", 32)).isEqualTo(5);
        assertThat(GoStrconv.parseInt("2147483647", 32)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void parseInt_rejectsWithGoMessages() {
        assertThatThrownBy(() -> GoStrconv.parseInt("abc", 64))
                .hasMessage("strconv.ParseInt: parsing \"abc\": invalid syntax");
        assertThatThrownBy(() -> GoStrconv.parseInt("1.5", 64))
                .hasMessage("strconv.ParseInt: parsing \"1.5\": invalid syntax");
        assertThatThrownBy(() -> GoStrconv.parseInt("-", 64))
                .hasMessage("strconv.ParseInt: parsing \"-\": invalid syntax");
        // Java would take Arabic-Indic digits; Go does not.
        assertThatThrownBy(() -> GoStrconv.parseInt("\u0661\u0662", 64))
                .hasMessage("strconv.ParseInt: parsing \"\u0661\u0662\": invalid syntax");
        assertThatThrownBy(() -> GoStrconv.parseInt("9223372036854775808", 64))
                .hasMessage("strconv.ParseInt: parsing \"9223372036854775808\": value out of range");
        assertThatThrownBy(() -> GoStrconv.parseInt("2147483648", 32))
                .hasMessage("strconv.ParseInt: parsing \"2147483648\": value out of range");
        assertThatThrownBy(() -> GoStrconv.parseInt("a\"b", 64))
                .hasMessage("strconv.ParseInt: parsing \"a\\\"b\": invalid syntax");
    }

    @Test
    void parseBool_goSpellingsOnly() {
        for (String yes : new String[] {"1", "t", "T", "TRUE", "true", "True"}) {
            assertThat(GoStrconv.parseBool(yes)).isTrue();
        }
        for (String no : new String[] {"0", "f", "F", "FALSE", "false", "False"}) {
            assertThat(GoStrconv.parseBool(no)).isFalse();
        }
        assertThatThrownBy(() -> GoStrconv.parseBool("yes"))
                .hasMessage("strconv.ParseBool: parsing \"yes\": invalid syntax");
    }
}

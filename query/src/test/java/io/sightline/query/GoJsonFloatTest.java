package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoJsonFloatTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "200.0, 200",
        "0.5, 0.5",
        "-1.25, -1.25",
        "0.0, 0",
        "-0.0, -0",
        "1e20, 100000000000000000000",
        "1e21, 1e+21",
        "1.5e300, 1.5e+300",
        "0.000001, 0.000001",
        "1.5e-7, 1.5e-7",
        "-2.5e-10, -2.5e-10",
        "0.1, 0.1",
        "123456.789, 123456.789",
    })
    void format_matchesGoEncodingJson(double value, String expected) {
        assertThat(GoJsonFloat.format(value)).isEqualTo(expected);
    }
}

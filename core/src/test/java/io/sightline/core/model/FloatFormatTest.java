package io.sightline.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatFormatTest {
    private static BigDecimal exact(double value) {
        return new BigDecimal(value).round(new MathContext(10)).stripTrailingZeros();
    }

    @Test
    void shortDecimals_roundAsTheExactBinaryValueDoes() {
        Random random = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            int digits = 1 + random.nextInt(12);
            double value = (random.nextLong() % (long) Math.pow(10, digits)) / Math.pow(10, random.nextInt(15));
            if (value != 0) {
                assertThat(FloatFormat.roundedToTenDigits(value)).as("%s", value).isEqualTo(exact(value));
            }
        }
    }

    @Test
    void arbitraryDoubles_roundAsTheExactBinaryValueDoes() {
        Random random = new Random(2);
        for (int i = 0; i < 200_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (!Double.isNaN(value) && !Double.isInfinite(value) && value != 0) {
                assertThat(FloatFormat.roundedToTenDigits(value)).as("%s", value).isEqualTo(exact(value));
            }
        }
    }

    @Test
    void formats_asTagSearchCompares() {
        assertThat(FloatFormat.tenSignificantDigits(3.57)).isEqualTo("3.57");
        assertThat(FloatFormat.tenSignificantDigits(1e22)).isEqualTo("1e+22");
        assertThat(FloatFormat.tenSignificantDigits(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(FloatFormat.tenSignificantDigits(1.0 / 3)).isEqualTo("0.3333333333");
        assertThat(FloatFormat.tenSignificantDigits(0.00001234)).isEqualTo("1.234e-05");
        assertThat(FloatFormat.tenSignificantDigits(100)).isEqualTo("100");
    }
}

package io.sightline.spm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PromQlTest {
    private static final double[] BOUNDS = {2, 4, Double.POSITIVE_INFINITY};

    @Test
    void rate_ofASteadyCounterCoveringTheWindow_isItsSlopePerSecond() {
        long[] times = new long[41];
        double[] values = new double[41];
        for (int i = 0; i < 41; i++) {
            times[i] = i * 15_000L;
            values[i] = i * 15;
        }
        assertThat(PromQl.rate(times, values, 0, 41, 600_000, 600_000)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void rate_extrapolatesToTheWindowEdges_butNotBelowZero() {
        long[] times = {10_000, 25_000, 595_000};
        double[] values = {10, 25, 595};
        // First sample 10 s after the window start, value 10 at 1/s: extrapolating reaches zero exactly there.
        assertThat(PromQl.rate(times, values, 0, 3, 600_000, 600_000)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void rate_extrapolatesAtMostHalfAnIntervalWhenSamplesAreFarFromTheEdges() {
        long[] times = {100_000, 130_000};
        double[] values = {50, 80};
        // increase 30 over 30 s, stretched by 15 s on each side (half the average interval): 60 / 600 s.
        assertThat(PromQl.rate(times, values, 0, 2, 600_000, 600_000)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void rate_addsBackCounterResets() {
        long[] times = {0, 15_000, 30_000, 45_000, 60_000};
        double[] values = {0, 10, 20, 5, 15};
        assertThat(PromQl.rate(times, values, 0, 5, 60_000, 60_000)).isCloseTo(35.0 / 60, within(1e-12));
    }

    @Test
    void rate_ofFewerThanTwoSamples_hasNoValue() {
        assertThat(PromQl.rate(new long[] {0}, new double[] {1}, 0, 1, 0, 60_000)).isNaN();
    }

    @Test
    void histogramQuantile_interpolatesLinearlyInsideTheBucket() {
        double[] cumulative = {2, 3, 4};
        assertThat(PromQl.histogramQuantile(0.5, BOUNDS, cumulative)).isEqualTo(2.0);
        assertThat(PromQl.histogramQuantile(0.6, BOUNDS, cumulative)).isCloseTo(2.8, within(1e-12));
        assertThat(PromQl.histogramQuantile(0.25, BOUNDS, cumulative)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void histogramQuantile_inTheInfBucket_isTheLargestFiniteBound() {
        assertThat(PromQl.histogramQuantile(0.99, BOUNDS, new double[] {2, 3, 4})).isEqualTo(4.0);
    }

    @Test
    void histogramQuantile_withoutObservations_isNaN_andOutOfRangeQuantilesAreInfinite() {
        assertThat(PromQl.histogramQuantile(0.5, BOUNDS, new double[] {0, 0, 0})).isNaN();
        assertThat(PromQl.histogramQuantile(1.5, BOUNDS, new double[] {1, 1, 1})).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(PromQl.histogramQuantile(-1, BOUNDS, new double[] {1, 1, 1})).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void histogramQuantile_evensOutNonMonotonicBuckets() {
        // le=4 below le=2 (rates of separately sampled buckets): treated as 2, so q=0.5 of 4 lands in le=2.
        assertThat(PromQl.histogramQuantile(0.5, BOUNDS, new double[] {2, 1, 4})).isEqualTo(2.0);
    }
}

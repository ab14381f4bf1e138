package io.sightline.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProbabilityCalculatorTest {
    private static final OperationKey OP = new OperationKey("svc", "op");
    private final AdaptiveOptions options = new AdaptiveOptions(1, 0.3, 1, 1_000, 10, 0.001, 1e-5, 1.0 / 60);
    private final ProbabilityCalculator calculator = new ProbabilityCalculator(options);

    private static ThroughputBucket bucket(long count, String... probabilities) {
        return new ThroughputBucket(0, 1_000, Map.of(OP, count), Map.of(OP, Set.of(probabilities)));
    }

    private static OperationState at(double probability) {
        return new OperationState(probability, 0, true, "", 0, 0, "never changed");
    }

    @Test
    void aboveTarget_lowersInProportion() {
        OperationState next = calculator.next(OP, List.of(bucket(100, "0.500000")), at(0.5), 42);

        assertThat(next.probability()).isCloseTo(0.005, within(1e-12));
        assertThat(next.changedAtEpochMs()).isEqualTo(42);
        assertThat(next.changeReason()).startsWith("lowered: observed 100/s is above the target 1/s");
    }

    @Test
    void belowTarget_atMostDoubles() {
        OperationState next = calculator.next(OP, List.of(bucket(0, "0.100000")), at(0.1), 1);
        assertThat(next.probability()).isEqualTo(0.2);
        assertThat(next.changeReason()).startsWith("doubled");

        next = calculator.next(OP, List.of(bucket(1, "0.100000")), at(0.1), 1);
        assertThat(bucket(1).qps(OP)).isEqualTo(1.0);
        assertThat(next.probability()).isEqualTo(0.1);

        ThroughputBucket slow = new ThroughputBucket(0, 10_000, Map.of(OP, 1L), Map.of(OP, Set.of("0.100000")));
        assertThat(calculator.next(OP, List.of(slow), at(0.1), 1).probability()).isEqualTo(0.2);
    }

    @Test
    void withinTolerance_keepsTheProbability() {
        OperationState next = calculator.next(OP, List.of(bucket(1, "0.300000")), at(0.3), 9);

        assertThat(next.probability()).isEqualTo(0.3);
        assertThat(next.changedAtEpochMs()).isZero();
        assertThat(next.decision()).startsWith("kept: observed 1/s is within 30%");
    }

    @Test
    void spansSampledWithAnotherProbability_keepTheProbability() {
        OperationState next = calculator.next(OP, List.of(bucket(500, "1.000000")), at(0.3), 9);

        assertThat(next.probability()).isEqualTo(0.3);
        assertThat(next.usingAdaptive()).isFalse();
        assertThat(next.decision()).contains("another probability");
    }

    @Test
    void unseenOperation_startsFromTheInitialProbability() {
        OperationState next = calculator.next(OP, List.of(bucket(0, "1.000000")), null, 5);

        assertThat(next.probability()).isEqualTo(0.002);
        assertThat(next.previousProbability()).isEqualTo(0.001);
    }

    @Test
    void probability_isClampedToTheMinimumAndOne() {
        assertThat(calculator.next(OP, List.of(bucket(1_000_000, ThroughputCounter.UNTAGGED)), at(0.001), 1)
                .probability()).isEqualTo(1e-5);
        assertThat(calculator.next(OP, List.of(bucket(0, "0.800000")), at(0.8), 1).probability()).isEqualTo(1.0);
    }

    @Test
    void weightedQps_favoursTheNewestBuckets() {
        ProbabilityCalculator twoBuckets = new ProbabilityCalculator(
                new AdaptiveOptions(1, 0.3, 2, 1_000, 10, 0.001, 1e-5, 1.0 / 60));

        double qps = twoBuckets.weightedQps(OP, List.of(bucket(10), bucket(0), bucket(1000)));

        assertThat(qps).isCloseTo((16 * 10 + 1 * 0) / 17.0, within(1e-9));
    }
}

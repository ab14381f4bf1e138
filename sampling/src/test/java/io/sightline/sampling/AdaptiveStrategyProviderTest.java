package io.sightline.sampling;

import static io.sightline.sampling.TestSpans.root;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Span;
import io.sightline.sampling.proto.SamplingStrategyResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveStrategyProviderTest {
    private final AdaptiveOptions options = new AdaptiveOptions(1, 0.3, 1, 1_000, 10, 0.001, 1e-5, 0.5);
    private final MutableClock clock = new MutableClock();
    private final AdaptiveStrategyProvider provider = new AdaptiveStrategyProvider(options, null, clock);

    private static List<Span> roots(String service, String operation, int count) {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            spans.add(root(service, operation));
        }
        return spans;
    }

    private double probability(String service, String operation) {
        return provider.strategyFor(service).getOperationSampling().getPerOperationStrategiesList().stream()
                .filter(op -> op.getOperation().equals(operation)).findFirst().orElseThrow()
                .getProbabilisticSampling().getSamplingRate();
    }

    @Test
    void unknownService_getsTheAdaptiveShapeWithNoOperations() {
        SamplingStrategyResponse response = provider.strategyFor("nobody");

        assertThat(StrategyJson.protoJson(response)).isEqualTo("{\"strategyType\":\"PROBABILISTIC\","
                + "\"probabilisticSampling\":{\"samplingRate\":0.001},\"operationSampling\":{\"defaultSamplingProbability\":0.001,\"defaultLowerBoundTracesPerSecond\":0.5,"
                + "\"perOperationStrategies\":[],\"defaultUpperBoundTracesPerSecond\":0}}");
    }

    @Test
    void busyOperationIsLowered_onTargetOperationIsKept() {
        provider.throughputListener().onStored(roots("svc", "busy", 20));
        provider.throughputListener().onStored(roots("svc", "steady", 1));
        clock.advance(1_000);
        provider.calculate();
        assertThat(probability("svc", "busy")).isEqualTo(0.001 / 20);
        assertThat(probability("svc", "steady")).isEqualTo(0.001);

        provider.throughputListener().onStored(roots("svc", "busy", 20));
        provider.throughputListener().onStored(roots("svc", "steady", 1));
        clock.advance(1_000);
        provider.calculate();
        assertThat(probability("svc", "busy")).isEqualTo(1e-5);
        assertThat(probability("svc", "steady")).isEqualTo(0.001);
        assertThat(provider.explainJson("svc"))
                .contains("\"operation\":\"busy\"")
                .contains("\"targetSamplesPerSecond\":1.0")
                .contains("held at the minimum probability")
                .contains("kept: observed 1/s is within 30% of the target 1/s");
    }

    static final class MutableClock extends Clock {
        private long millis = 1_700_000_000_000L;

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

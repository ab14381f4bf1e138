package io.sightline.sampling;

import static io.sightline.sampling.TestSpans.root;
import static io.sightline.sampling.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Attribute;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputCounterTest {
    private final ThroughputCounter counter = new ThroughputCounter();

    @Test
    void countsProbabilisticRootsAndRemembersTheirProbability() {
        counter.onStored(List.of(
                root("svc", "GET", Attribute.of("sampler.type", "probabilistic"), Attribute.of("sampler.param", 0.5)),
                root("svc", "GET", Attribute.of("sampler.type", "probabilistic"), Attribute.of("sampler.param", 0.25)),
                span("svc", "GET", 7, Attribute.of("sampler.type", "probabilistic"), Attribute.of("sampler.param", 0.5))));

        ThroughputBucket bucket = counter.flush(10_000, 2_000);
        OperationKey key = new OperationKey("svc", "GET");
        assertThat(bucket.counts()).containsEntry(key, 2L);
        assertThat(bucket.qps(key)).isEqualTo(1.0);
        assertThat(bucket.probabilities().get(key)).containsExactlyInAnyOrder("0.500000", "0.250000");
    }

    @Test
    void lowerBoundRoots_registerTheOperationWithoutCounting() {
        counter.onStored(List.of(
                root("svc", "GET", Attribute.of("sampler.type", "lowerbound"), Attribute.of("sampler.param", 0.001))));

        assertThat(counter.flush(1, 1_000).counts()).containsEntry(new OperationKey("svc", "GET"), 0L);
    }

    @Test
    void untaggedRoots_countAsSampledWithOurProbability() {
        counter.onStored(List.of(root("svc", "op"), root("svc", "op"), span("svc", "child", 3)));

        ThroughputBucket bucket = counter.flush(1, 1_000);
        assertThat(bucket.counts()).containsOnlyKeys(new OperationKey("svc", "op"));
        assertThat(bucket.probabilities().get(new OperationKey("svc", "op"))).containsExactly(ThroughputCounter.UNTAGGED);
    }

    @Test
    void flush_startsAFreshInterval() {
        counter.onStored(List.of(root("svc", "op")));
        counter.flush(1, 1_000);

        assertThat(counter.flush(2, 1_000).counts()).isEmpty();
    }

    @Test
    void unknownSamplerTypeOrMissingParam_isIgnored() {
        counter.onStored(List.of(
                root("svc", "a", Attribute.of("sampler.type", "magic"), Attribute.of("sampler.param", 1.0)),
                root("svc", "b", Attribute.of("sampler.type", "probabilistic"))));

        assertThat(counter.flush(1, 1_000).counts()).isEmpty();
    }

    @Test
    void operationsPastTheCap_areNotCounted() {
        List<io.sightline.core.model.Span> spans = new java.util.ArrayList<>();
        for (int i = 0; i <= ThroughputCounter.MAX_OPERATIONS; i++) {
            spans.add(root("svc", "op-" + i));
        }
        counter.onStored(spans);
        counter.onStored(List.of(root("svc", "op-0")));

        assertThat(counter.overflowSpans()).isEqualTo(1);
        ThroughputBucket bucket = counter.flush(1, 1_000);
        assertThat(bucket.counts()).hasSize(ThroughputCounter.MAX_OPERATIONS)
                .containsEntry(new OperationKey("svc", "op-0"), 2L);
    }
}

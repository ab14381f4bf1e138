package io.sightline.sampling;

import io.sightline.sampling.proto.ProbabilisticSamplingStrategy;
import io.sightline.sampling.proto.SamplingStrategyResponse;
import io.sightline.sampling.proto.SamplingStrategyType;
import java.util.Map;
import java.util.Objects;

/** One immutable set of strategies: a default and exact-match per-service overrides. */
final class Strategies {
    /** What the Jaeger image ships: sample everything until told otherwise. */
    static final Strategies SAMPLE_EVERYTHING = new Strategies(probabilistic(1.0), Map.of());

    private final SamplingStrategyResponse defaultStrategy;
    private final Map<String, SamplingStrategyResponse> byService;

    Strategies(SamplingStrategyResponse defaultStrategy, Map<String, SamplingStrategyResponse> byService) {
        this.defaultStrategy = Objects.requireNonNull(defaultStrategy, "defaultStrategy");
        this.byService = Map.copyOf(byService);
    }

    SamplingStrategyResponse strategyFor(String serviceName) {
        SamplingStrategyResponse own = byService.get(serviceName);
        return own == null ? defaultStrategy : own;
    }

    SamplingStrategyResponse defaultStrategy() {
        return defaultStrategy;
    }

    int serviceCount() {
        return byService.size();
    }

    static SamplingStrategyResponse probabilistic(double samplingRate) {
        return SamplingStrategyResponse.newBuilder()
                .setStrategyType(SamplingStrategyType.PROBABILISTIC)
                .setProbabilisticSampling(ProbabilisticSamplingStrategy.newBuilder().setSamplingRate(samplingRate))
                .build();
    }
}

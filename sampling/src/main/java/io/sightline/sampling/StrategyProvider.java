package io.sightline.sampling;

import io.sightline.sampling.proto.SamplingStrategyResponse;

/** Answers which sampling strategy a service's SDKs should apply. Safe to call from any thread. */
@FunctionalInterface
public interface StrategyProvider {
    /**
     * @param serviceName the service asking; may be empty. An unknown service gets the default.
     */
    SamplingStrategyResponse strategyFor(String serviceName);
}

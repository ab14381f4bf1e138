package io.sightline.sampling;

import java.util.Map;
import java.util.Set;

/**
 * What was observed during one calculation interval.
 *
 * @param intervalMs the interval's real length
 * @param counts per operation, probabilistically sampled root spans
 * @param probabilities per operation, the {@code sampler.param} values seen, formatted {@code %.6f};
 *     an operation whose spans carried no sampler tags has {@link ThroughputCounter#UNTAGGED} here
 */
record ThroughputBucket(long endEpochMs, long intervalMs, Map<OperationKey, Long> counts,
                        Map<OperationKey, Set<String>> probabilities) {

    ThroughputBucket {
        counts = Map.copyOf(counts);
        probabilities = Map.copyOf(probabilities);
    }

    double qps(OperationKey key) {
        return counts.getOrDefault(key, 0L) * 1000.0 / intervalMs;
    }
}

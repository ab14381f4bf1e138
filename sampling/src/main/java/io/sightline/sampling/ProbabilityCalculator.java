package io.sightline.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Jaeger's adaptive probability rule: move each operation's probability toward the one that
 * yields the target sampled traces per second, at most doubling per step, never below the
 * minimum, and only when the spans seen were sampled with the probability we handed out.
 */
final class ProbabilityCalculator {
    private final AdaptiveOptions options;

    ProbabilityCalculator(AdaptiveOptions options) {
        this.options = options;
    }

    /**
     * @param buckets newest first
     * @param previous the operation's state after the last calculation, or null if unseen
     */
    OperationState next(OperationKey key, List<ThroughputBucket> buckets, OperationState previous, long nowEpochMs) {
        double old = previous == null ? options.initialProbability() : previous.probability();
        double qps = weightedQps(key, buckets);
        ThroughputBucket newest = buckets.get(0);
        Set<String> seen = newest.probabilities().get(key);
        boolean usingAdaptive = old == options.initialProbability()
                || seen != null && (seen.contains(ThroughputCounter.format(old)) || seen.contains(ThroughputCounter.UNTAGGED))
                || seen == null && previous != null && previous.usingAdaptive();
        double target = options.targetSamplesPerSecond();
        double next = old;
        String decision;
        if (!usingAdaptive) {
            decision = "kept: the spans seen were sampled with another probability than ours (sampler.param "
                    + seen + "), so their rate says nothing about ours";
        } else if (Math.abs(qps - target) / target < options.deltaTolerance()) {
            decision = "kept: observed " + round(qps) + "/s is within " + round(options.deltaTolerance() * 100)
                    + "% of the target " + round(target) + "/s";
        } else if (qps == 0) {
            next = 2 * old;
            decision = "doubled: no sampled traces observed";
        } else if (target / qps > 1) {
            next = Math.min(old * target / qps, 2 * old);
            decision = "raised: observed " + round(qps) + "/s is below the target " + round(target)
                    + "/s (increase capped at +100% per calculation)";
        } else {
            next = old * target / qps;
            decision = "lowered: observed " + round(qps) + "/s is above the target " + round(target) + "/s";
        }
        double clamped = Math.max(options.minProbability(), Math.min(1.0, next));
        if (clamped != next) {
            decision += clamped == 1.0 ? "; capped at 1" : "; held at the minimum probability " + options.minProbability();
        }
        if (clamped != old) {
            return new OperationState(clamped, qps, usingAdaptive, decision, nowEpochMs, old, decision);
        }
        return previous == null
                ? new OperationState(clamped, qps, usingAdaptive, decision, 0, old, "never changed")
                : new OperationState(clamped, qps, usingAdaptive, decision, previous.changedAtEpochMs(),
                        previous.previousProbability(), previous.changeReason());
    }

    /** Newest buckets weigh most: weights proportional to (n - i)^4, as Jaeger's. */
    double weightedQps(OperationKey key, List<ThroughputBucket> buckets) {
        List<Double> values = new ArrayList<>();
        for (ThroughputBucket bucket : buckets) {
            if (values.size() == options.bucketsForCalculation()) {
                break;
            }
            if (bucket.counts().containsKey(key)) {
                values.add(bucket.qps(key));
            }
        }
        if (values.isEmpty()) {
            return 0;
        }
        int n = values.size();
        double weightSum = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double weight = Math.pow(n - i, 4);
            weightSum += weight;
            sum += weight * values.get(i);
        }
        return sum / weightSum;
    }

    private static String round(double value) {
        return StrategyJson.goNumber(Math.round(value * 1000) / 1000.0);
    }
}

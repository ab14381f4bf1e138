package io.sightline.sampling;

/**
 * Jaeger's adaptive sampling parameters ({@code sampling.*} flags, same meanings and defaults).
 *
 * @param targetSamplesPerSecond sampled traces per second wanted for each operation
 * @param deltaTolerance relative distance from the target within which the probability is kept
 * @param bucketsForCalculation how many of the newest throughput buckets are weighed together
 * @param calculationIntervalMs how often probabilities are computed (and a bucket closed)
 * @param aggregationBuckets how many buckets are kept
 * @param initialProbability the probability of an operation seen for the first time
 * @param minProbability the lowest probability ever handed out
 * @param minSamplesPerSecond the lower bound SDKs guarantee for every operation
 */
public record AdaptiveOptions(double targetSamplesPerSecond, double deltaTolerance, int bucketsForCalculation,
                              long calculationIntervalMs, int aggregationBuckets, double initialProbability,
                              double minProbability, double minSamplesPerSecond) {

    public AdaptiveOptions {
        positive("targetSamplesPerSecond", targetSamplesPerSecond);
        if (!(deltaTolerance >= 0 && deltaTolerance < 1)) {
            throw new IllegalArgumentException("deltaTolerance: " + deltaTolerance + " (expected: >= 0 and < 1)");
        }
        if (bucketsForCalculation <= 0) {
            throw new IllegalArgumentException("bucketsForCalculation: " + bucketsForCalculation + " (expected: > 0)");
        }
        if (calculationIntervalMs <= 0) {
            throw new IllegalArgumentException("calculationIntervalMs: " + calculationIntervalMs + " (expected: > 0)");
        }
        if (aggregationBuckets < bucketsForCalculation) {
            throw new IllegalArgumentException("aggregationBuckets: " + aggregationBuckets
                    + " (expected: >= bucketsForCalculation " + bucketsForCalculation + ")");
        }
        probability("initialProbability", initialProbability);
        probability("minProbability", minProbability);
        if (minSamplesPerSecond < 0 || !Double.isFinite(minSamplesPerSecond)) {
            throw new IllegalArgumentException("minSamplesPerSecond: " + minSamplesPerSecond + " (expected: >= 0)");
        }
    }

    /** Jaeger's defaults. */
    public static AdaptiveOptions defaults() {
        return new AdaptiveOptions(1, 0.3, 1, 60_000, 10, 0.001, 1e-5, 1.0 / 60);
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    private static void probability(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0 and <= 1)");
        }
    }
}

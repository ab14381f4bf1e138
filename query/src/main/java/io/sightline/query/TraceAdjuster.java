package io.sightline.query;

/**
 * Rewrites a trace before it is shown, as Jaeger's query adjusters do: fixes what clients
 * and the path from them got wrong (shared span IDs, duplicates, skewed clocks) without
 * touching storage. {@code raw=true} skips every adjuster.
 */
@FunctionalInterface
interface TraceAdjuster {
    void adjust(AdjustableTrace trace);
}

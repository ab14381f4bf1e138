package io.sightline.query;

import java.util.List;

/**
 * The adjusters the v1 API applies to every trace it returns unless {@code raw=true}, in
 * Jaeger's order: exact duplicates out, then shared Zipkin span IDs split (so the tree is
 * whole), then clock skew (which needs the tree). The adjustments that only change how a span
 * is rendered (scope tags to the process, sorted process tags and log fields, dotted IPs,
 * parent reference first) are done while writing; see {@link JaegerJsonWriter}.
 */
final class TraceAdjusters {
    private final List<TraceAdjuster> adjusters;

    TraceAdjusters(long maxClockSkewAdjustmentNanos) {
        this.adjusters = List.of(
                new ExactDuplicateSpanAdjuster(),
                new SharedSpanIdAdjuster(),
                new ClockSkewAdjuster(maxClockSkewAdjustmentNanos));
    }

    void adjust(AdjustableTrace trace) {
        for (TraceAdjuster adjuster : adjusters) {
            adjuster.adjust(trace);
        }
    }
}

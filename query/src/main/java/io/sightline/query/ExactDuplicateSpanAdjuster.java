package io.sightline.query;

import io.sightline.core.model.Span;
import java.util.HashSet;
import java.util.Set;

/**
 * Drops spans equal in every field to an earlier span of the trace (a client that sent a batch
 * twice, to a store that keeps both), as Jaeger's span-hash deduplication does. Spans that
 * merely share an ID are kept: {@link SharedSpanIdAdjuster} and the clock-skew adjuster deal
 * with those.
 */
final class ExactDuplicateSpanAdjuster implements TraceAdjuster {
    @Override
    public void adjust(AdjustableTrace trace) {
        Set<Span> seen = new HashSet<>();
        for (int i = 0; i < trace.size(); ) {
            if (seen.add(trace.span(i))) {
                i++;
            } else {
                trace.remove(i);
            }
        }
    }
}

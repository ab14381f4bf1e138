package io.sightline.query;

import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Zipkin instrumentation lets a server span share the span ID of the client span that called
 * it. As Jaeger's span-ID deduper does, such a server span gets a fresh ID (the smallest unused
 * one from 1 up), the shared ID becomes its parent (the client span), and spans that named the
 * shared ID as their parent now hang under the server span, which is what called them.
 */
final class SharedSpanIdAdjuster implements TraceAdjuster {
    static final String WARNING_TOO_MANY_SPANS = "cannot assign unique span ID: too many spans in the trace";

    @Override
    public void adjust(AdjustableTrace trace) {
        Set<Long> clientIds = new HashSet<>();
        Set<Long> usedIds = new HashSet<>();
        for (int i = 0; i < trace.size(); i++) {
            Span span = trace.span(i);
            usedIds.add(span.spanId());
            if (span.kind() == SpanKind.CLIENT) {
                clientIds.add(span.spanId());
            }
        }
        Map<Long, Long> newIdByOldId = new HashMap<>();
        long nextCandidate = 1;
        for (int i = 0; i < trace.size(); i++) {
            Span span = trace.span(i);
            if (span.kind() != SpanKind.SERVER || !clientIds.contains(span.spanId())
                    || newIdByOldId.containsKey(span.spanId())) {
                continue;
            }
            while (nextCandidate != 0 && usedIds.contains(nextCandidate)) {
                nextCandidate++;
            }
            if (nextCandidate == 0) {
                trace.warn(i, WARNING_TOO_MANY_SPANS);
                break;
            }
            long newId = nextCandidate;
            usedIds.add(newId);
            newIdByOldId.put(span.spanId(), newId);
            trace.replace(i, span.toBuilder().parentSpanId(span.spanId()).spanId(newId).build());
        }
        if (newIdByOldId.isEmpty()) {
            return;
        }
        for (int i = 0; i < trace.size(); i++) {
            Span span = trace.span(i);
            Long newParent = newIdByOldId.get(span.parentSpanId());
            // The renamed server span itself keeps the shared (client) ID as its parent.
            if (newParent != null && newParent != span.spanId()) {
                trace.replace(i, span.toBuilder().parentSpanId(newParent).build());
            }
        }
    }
}

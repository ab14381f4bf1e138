package io.sightline.collector.pipeline;

import io.sightline.core.model.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * What the pipeline needs to know of a submitted batch before queueing it, gathered in one walk
 * over its spans: over-long attribute values cut, how many spans that cut, the bytes the batch
 * holds, and its spans per service for the counters. A span with nothing to cut (nearly every
 * one) is walked once; a cut span is walked again to size what was kept.
 */
final class IntakeScan {
    /** The batch with over-long values cut; the submitted list itself when nothing was cut. */
    final List<Span> spans;
    final int truncatedSpans;
    final long estimatedBytes;
    final ServiceTally tally;

    private IntakeScan(List<Span> spans, int truncatedSpans, long estimatedBytes, ServiceTally tally) {
        this.spans = spans;
        this.truncatedSpans = truncatedSpans;
        this.estimatedBytes = estimatedBytes;
        this.tally = tally;
    }

    static IntakeScan of(List<Span> spans, int maxAttributeValueChars) {
        List<Span> out = null;
        int truncated = 0;
        long bytes = 0;
        ServiceTally tally = new ServiceTally();
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            long spanBytes = SpanSizes.estimateBytesUnlessTooLong(span, maxAttributeValueChars);
            if (spanBytes == SpanSizes.TOO_LONG) {
                span = AttributeTruncation.apply(span, maxAttributeValueChars);
                spanBytes = SpanSizes.estimateBytes(span);
                truncated++;
                if (out == null) {
                    out = new ArrayList<>(spans);
                }
                out.set(i, span);
            }
            bytes += spanBytes;
            tally.add(span);
        }
        return new IntakeScan(out == null ? spans : out, truncated, bytes, tally);
    }
}

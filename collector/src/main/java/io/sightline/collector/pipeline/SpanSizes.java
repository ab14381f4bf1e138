package io.sightline.collector.pipeline;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanLink;
import java.util.List;

/**
 * A cheap estimate of the heap a decoded span holds, for bounding the queue in bytes. It walks
 * the span once without allocating; the resource is shared by a batch's spans and not counted.
 */
final class SpanSizes {
    private static final int SPAN_OVERHEAD_BYTES = 200;
    private static final int ENTRY_OVERHEAD_BYTES = 48;

    private SpanSizes() {}

    static long estimateBytes(List<Span> spans) {
        long total = 0;
        for (Span span : spans) {
            total += estimateBytes(span);
        }
        return total;
    }

    static long estimateBytes(Span span) {
        long bytes = SPAN_OVERHEAD_BYTES + chars(span.name()) + chars(span.traceState()) + chars(span.statusMessage());
        bytes += attributes(span.attributes());
        for (SpanEvent event : span.events()) {
            bytes += ENTRY_OVERHEAD_BYTES + chars(event.name()) + attributes(event.attributes());
        }
        for (SpanLink link : span.links()) {
            bytes += ENTRY_OVERHEAD_BYTES + chars(link.traceState()) + attributes(link.attributes());
        }
        return bytes;
    }

    private static long attributes(List<Attribute> attributes) {
        long bytes = 0;
        for (Attribute attribute : attributes) {
            bytes += ENTRY_OVERHEAD_BYTES + chars(attribute.key()) + value(attribute.value());
        }
        return bytes;
    }

    private static long value(AttributeValue value) {
        if (value instanceof AttributeValue.StringValue s) {
            return chars(s.value());
        }
        if (value instanceof AttributeValue.BytesValue b) {
            return b.value().length;
        }
        if (value instanceof AttributeValue.ArrayValue a) {
            long bytes = 0;
            for (AttributeValue element : a.values()) {
                bytes += ENTRY_OVERHEAD_BYTES / 2 + value(element);
            }
            return bytes;
        }
        if (value instanceof AttributeValue.MapValue m) {
            return attributes(m.entries());
        }
        return 8;
    }

    private static long chars(String s) {
        return s.length();
    }
}

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
 * The same walk can tell whether {@link AttributeTruncation} has anything to cut, so that a
 * span needing no cut (nearly every one) is looked at once.
 */
final class SpanSizes {
    /** What {@link #estimateBytesUnlessTooLong} returns for a span with a value to cut. */
    static final long TOO_LONG = -1;
    private static final int SPAN_OVERHEAD_BYTES = 200;
    private static final int ENTRY_OVERHEAD_BYTES = 48;
    private static final int NO_LIMIT_CHARS = Integer.MAX_VALUE;

    private SpanSizes() {}

    static long estimateBytes(List<Span> spans) {
        long total = 0;
        for (Span span : spans) {
            total += estimateBytes(span);
        }
        return total;
    }

    static long estimateBytes(Span span) {
        return estimateBytesUnlessTooLong(span, NO_LIMIT_CHARS);
    }

    /**
     * The estimate, or {@link #TOO_LONG} as soon as a string or binary value of the span's or an
     * event's attributes is longer than {@code maxValueChars}: the values
     * {@link AttributeTruncation} cuts.
     */
    static long estimateBytesUnlessTooLong(Span span, int maxValueChars) {
        long bytes = SPAN_OVERHEAD_BYTES + chars(span.name()) + chars(span.traceState()) + chars(span.statusMessage());
        long attributes = attributes(span.attributes(), maxValueChars);
        if (attributes == TOO_LONG) {
            return TOO_LONG;
        }
        bytes += attributes;
        List<SpanEvent> events = span.events();
        for (int i = 0; i < events.size(); i++) {
            SpanEvent event = events.get(i);
            long eventAttributes = attributes(event.attributes(), maxValueChars);
            if (eventAttributes == TOO_LONG) {
                return TOO_LONG;
            }
            bytes += ENTRY_OVERHEAD_BYTES + chars(event.name()) + eventAttributes;
        }
        List<SpanLink> links = span.links();
        for (int i = 0; i < links.size(); i++) {
            SpanLink link = links.get(i);
            bytes += ENTRY_OVERHEAD_BYTES + chars(link.traceState()) + attributes(link.attributes(), NO_LIMIT_CHARS);
        }
        return bytes;
    }

    /** Only these top-level values are held to {@code maxValueChars}; nested ones never are. */
    private static long attributes(List<Attribute> attributes, int maxValueChars) {
        long bytes = 0;
        for (int i = 0; i < attributes.size(); i++) {
            Attribute attribute = attributes.get(i);
            AttributeValue value = attribute.value();
            long valueBytes = value(value);
            if (valueBytes > maxValueChars
                    && (value instanceof AttributeValue.StringValue || value instanceof AttributeValue.BytesValue)) {
                return TOO_LONG;
            }
            bytes += ENTRY_OVERHEAD_BYTES + chars(attribute.key()) + valueBytes;
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
            return attributes(m.entries(), NO_LIMIT_CHARS);
        }
        return 8;
    }

    private static long chars(String s) {
        return s.length();
    }
}

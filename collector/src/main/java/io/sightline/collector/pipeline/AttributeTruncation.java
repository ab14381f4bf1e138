package io.sightline.collector.pipeline;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts over-long string and binary attribute values (of the span and its events) instead of
 * refusing the span: a huge SQL statement should not cost the trace. The span then carries
 * {@value #TRUNCATED_KEYS_ATTRIBUTE} listing the keys that were cut, so nothing is lost silently.
 */
final class AttributeTruncation {
    static final String TRUNCATED_KEYS_ATTRIBUTE = "sightline.truncated_attributes";

    private AttributeTruncation() {}

    /** The span with over-long values cut; the same span when nothing needed cutting. */
    static Span apply(Span span, int maxChars) {
        if (!needsCut(span.attributes(), maxChars) && !eventsNeedCut(span, maxChars)) {
            return span;
        }
        List<String> cutKeys = new ArrayList<>();
        List<Attribute> attributes = cut(span.attributes(), maxChars, cutKeys);
        List<SpanEvent> events = new ArrayList<>(span.events().size());
        for (SpanEvent event : span.events()) {
            events.add(new SpanEvent(event.epochNanos(), event.name(), cut(event.attributes(), maxChars, cutKeys)));
        }
        attributes.add(Attribute.of(TRUNCATED_KEYS_ATTRIBUTE, String.join(",", cutKeys)));
        return span.toBuilder().attributes(attributes).events(events).build();
    }

    private static boolean eventsNeedCut(Span span, int maxChars) {
        for (SpanEvent event : span.events()) {
            if (needsCut(event.attributes(), maxChars)) {
                return true;
            }
        }
        return false;
    }

    private static boolean needsCut(List<Attribute> attributes, int maxChars) {
        for (Attribute attribute : attributes) {
            if (tooLong(attribute.value(), maxChars)) {
                return true;
            }
        }
        return false;
    }

    private static boolean tooLong(AttributeValue value, int maxChars) {
        return (value instanceof AttributeValue.StringValue s && s.value().length() > maxChars)
                || (value instanceof AttributeValue.BytesValue b && b.value().length > maxChars);
    }

    private static List<Attribute> cut(List<Attribute> attributes, int maxChars, List<String> cutKeys) {
        List<Attribute> out = new ArrayList<>(attributes.size() + 1);
        for (Attribute attribute : attributes) {
            AttributeValue value = attribute.value();
            if (value instanceof AttributeValue.StringValue s && s.value().length() > maxChars) {
                out.add(Attribute.of(attribute.key(), s.value().substring(0, maxChars)));
                cutKeys.add(attribute.key());
            } else if (value instanceof AttributeValue.BytesValue b && b.value().length > maxChars) {
                out.add(new Attribute(attribute.key(), AttributeValue.of(Arrays.copyOf(b.value(), maxChars))));
                cutKeys.add(attribute.key());
            } else {
                out.add(attribute);
            }
        }
        return out;
    }
}

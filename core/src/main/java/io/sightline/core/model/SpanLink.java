package io.sightline.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A link to another span. Jaeger references other than the parent are links too; their kind is
 * kept in the attribute {@code opentracing.ref_type} ({@code child_of} or {@code follows_from}).
 */
public record SpanLink(TraceId traceId, long spanId, String traceState, List<Attribute> attributes) {
    public static final String REF_TYPE_KEY = "opentracing.ref_type";

    public SpanLink {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(traceState, "traceState");
        attributes = List.copyOf(attributes);
    }

    /** True when the link says it is a {@code child_of} reference rather than a follows-from. */
    public boolean isChildOf() {
        for (Attribute attribute : attributes) {
            if (attribute.key().equals(REF_TYPE_KEY)) {
                return attribute.value().asString().equals("child_of");
            }
        }
        return false;
    }
}

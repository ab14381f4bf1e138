package io.sightline.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One span, in the model every ingest format is decoded into and every storage keeps.
 *
 * @param parentSpanId the parent's span ID, or 0 for a root span
 * @param flags W3C/Jaeger trace flags: 1 sampled, 2 debug, 8 firehose
 * @param startEpochNanos start time in nanoseconds since the Unix epoch
 * @param durationNanos duration in nanoseconds, never negative
 */
public record Span(
        TraceId traceId,
        long spanId,
        long parentSpanId,
        String traceState,
        int flags,
        String name,
        SpanKind kind,
        long startEpochNanos,
        long durationNanos,
        List<Attribute> attributes,
        List<SpanEvent> events,
        List<SpanLink> links,
        StatusCode statusCode,
        String statusMessage,
        Resource resource,
        InstrumentationScope scope) {

    public Span {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(traceState, "traceState");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(statusMessage, "statusMessage");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(scope, "scope");
        if (durationNanos < 0) {
            throw new IllegalArgumentException("durationNanos: " + durationNanos + " (expected: >= 0)");
        }
        attributes = List.copyOf(attributes);
        events = List.copyOf(events);
        links = List.copyOf(links);
    }

    public boolean isRoot() {
        return parentSpanId == 0;
    }

    public String serviceName() {
        return resource.serviceName();
    }

    public long startEpochMicros() {
        return startEpochNanos / 1_000;
    }

    public long durationMicros() {
        return durationNanos / 1_000;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .traceId(traceId)
                .spanId(spanId)
                .parentSpanId(parentSpanId)
                .traceState(traceState)
                .flags(flags)
                .name(name)
                .kind(kind)
                .startEpochNanos(startEpochNanos)
                .durationNanos(durationNanos)
                .attributes(attributes)
                .events(events)
                .links(links)
                .status(statusCode, statusMessage)
                .resource(resource)
                .scope(scope);
    }

    /** Mutable builder; defaults are those of an empty OTLP span. */
    public static final class Builder {
        private TraceId traceId;
        private long spanId;
        private long parentSpanId;
        private String traceState = "";
        private int flags;
        private String name = "";
        private SpanKind kind = SpanKind.UNSPECIFIED;
        private long startEpochNanos;
        private long durationNanos;
        private List<Attribute> attributes = new ArrayList<>();
        private List<SpanEvent> events = new ArrayList<>();
        private List<SpanLink> links = new ArrayList<>();
        private StatusCode statusCode = StatusCode.UNSET;
        private String statusMessage = "";
        private Resource resource;
        private InstrumentationScope scope = InstrumentationScope.EMPTY;

        private Builder() {}

        public Builder traceId(TraceId traceId) {
            this.traceId = traceId;
            return this;
        }

        public Builder spanId(long spanId) {
            this.spanId = spanId;
            return this;
        }

        public Builder parentSpanId(long parentSpanId) {
            this.parentSpanId = parentSpanId;
            return this;
        }

        public Builder traceState(String traceState) {
            this.traceState = traceState;
            return this;
        }

        public Builder flags(int flags) {
            this.flags = flags;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder kind(SpanKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder startEpochNanos(long startEpochNanos) {
            this.startEpochNanos = startEpochNanos;
            return this;
        }

        public Builder durationNanos(long durationNanos) {
            this.durationNanos = durationNanos;
            return this;
        }

        public Builder attributes(List<Attribute> attributes) {
            this.attributes = new ArrayList<>(attributes);
            return this;
        }

        public Builder addAttribute(Attribute attribute) {
            this.attributes.add(attribute);
            return this;
        }

        public Builder events(List<SpanEvent> events) {
            this.events = new ArrayList<>(events);
            return this;
        }

        public Builder addEvent(SpanEvent event) {
            this.events.add(event);
            return this;
        }

        public Builder links(List<SpanLink> links) {
            this.links = new ArrayList<>(links);
            return this;
        }

        public Builder addLink(SpanLink link) {
            this.links.add(link);
            return this;
        }

        public Builder status(StatusCode code, String message) {
            this.statusCode = code;
            this.statusMessage = message;
            return this;
        }

        public Builder resource(Resource resource) {
            this.resource = resource;
            return this;
        }

        public Builder scope(InstrumentationScope scope) {
            this.scope = scope;
            return this;
        }

        public Span build() {
            return new Span(traceId, spanId, parentSpanId, traceState, flags, name, kind,
                    startEpochNanos, durationNanos, attributes, events, links,
                    statusCode, statusMessage, resource, scope);
        }
    }
}

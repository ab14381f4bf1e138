package io.sightline.collector.zipkin;

import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.HexIds;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns spans decoded by the zipkin2 codecs into model spans, so that they show in the Jaeger
 * API as Jaeger 1.50 shows spans it received over Zipkin (spec/jaeger-write-ops.md §1.5).
 * The codecs already normalise v1 into v2 (splitting a v1 span with both client and server
 * annotations into a client span and a shared server span), so one mapping serves all four
 * encodings. A shared span keeps its client's span ID, as in Jaeger; the query side
 * de-duplicates it.
 */
public final class ZipkinSpanDecoder {
    /** Jaeger's service name for a span with no named endpoint. */
    static final String UNKNOWN_SERVICE_NAME = "unknown-service-name";
    /** Jaeger sets only the debug bit for Zipkin spans, never the sampled bit. */
    static final int DEBUG_FLAG = 2;
    /** Peer service, IPv4, IPv6 and port, the empty component, and the error message. */
    private static final int MAX_ATTRIBUTES_AFTER_TAGS = 6;

    private ZipkinSpanDecoder() {}

    /**
     * Decodes a whole request; the first invalid span fails it, so nothing of a bad request
     * is stored.
     *
     * @throws InvalidSpansException naming the span and field that is wrong
     */
    public static List<Span> decode(List<zipkin2.Span> spans) {
        List<Span> out = new ArrayList<>(spans.size());
        ZipkinResources resources = new ZipkinResources();
        for (int i = 0; i < spans.size(); i++) {
            out.add(decode(spans.get(i), i, resources));
        }
        return out;
    }

    /** Where the span is in the request, as error messages name it. */
    static String path(int spanIndex) {
        return "spans[" + spanIndex + "]";
    }

    /**
     * @param index where the span is in the request, for error messages
     * @throws InvalidSpansException naming the field that is wrong
     */
    private static Span decode(zipkin2.Span span, int index, ZipkinResources resources) {
        ZipkinTimestamps times = ZipkinTimestamps.of(span, index);
        ZipkinTags tags = ZipkinTags.of(span.tags(), MAX_ATTRIBUTES_AFTER_TAGS);
        // IDs before annotations: a span wrong in both is reported for its IDs, as it always was.
        TraceId traceId = TraceId.fromHex(span.traceId());
        long spanId = HexIds.parseSpanId(span.id());
        long parentSpanId = span.parentId() == null ? 0 : HexIds.parseSpanId(span.parentId());
        List<Attribute> attributes = tags.spanAttributes;
        List<zipkin2.Annotation> annotations = span.annotations();
        zipkin2.Span.Kind kind = span.kind();
        boolean messaging = kind == zipkin2.Span.Kind.PRODUCER || kind == zipkin2.Span.Kind.CONSUMER;
        List<SpanEvent> events = List.of();
        if (messaging || ZipkinAnnotations.hasEvents(annotations)) {
            events = new ArrayList<>(annotations.size() + 1);
            ZipkinAnnotations.addEvents(annotations, index, events);
        }
        SpanKind spanKind;
        if (kind == null) {
            spanKind = ZipkinAnnotations.kindFromCore(annotations);
        } else {
            spanKind = kindOf(kind);
            if (messaging) {
                // Jaeger turns messaging kinds into the non-core annotations ms/mr, shown as a
                // log at the span's start, and gives the span no kind at all.
                events.add(new SpanEvent(times.startEpochNanos, kind == zipkin2.Span.Kind.PRODUCER ? "ms" : "mr",
                        List.of()));
            }
            // Jaeger only keeps a remote endpoint as an address annotation of a known kind.
            if (span.remoteEndpoint() != null) {
                ZipkinEndpoints.addPeerTags(span.remoteEndpoint(), attributes);
            }
        }
        if (span.localEndpoint() != null && kind == null && span.tags().isEmpty() && annotations.isEmpty()) {
            // Jaeger marks such a span with an empty local component so that its service is found.
            attributes.add(Attribute.of(ZipkinTags.COMPONENT, ""));
        }
        tags.addTrailingAttributes(attributes);
        // The record's own constructor, not the builder: the builder copies every list once
        // more before the span copies it.
        return new Span(
                traceId,
                spanId,
                parentSpanId,
                "",
                Boolean.TRUE.equals(span.debug()) ? DEBUG_FLAG : 0,
                span.name() == null ? "" : span.name(),
                spanKind,
                times.startEpochNanos,
                times.durationNanos,
                attributes,
                events,
                List.of(),
                tags.status,
                "",
                resources.of(span.localEndpoint(), tags.processAttributes),
                InstrumentationScope.EMPTY);
    }

    private static SpanKind kindOf(zipkin2.Span.Kind kind) {
        switch (kind) {
            case CLIENT: return SpanKind.CLIENT;
            case SERVER: return SpanKind.SERVER;
            default: return SpanKind.UNSPECIFIED;
        }
    }
}

package io.sightline.collector.zipkin;

import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.HexIds;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import zipkin2.Endpoint;

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

    private ZipkinSpanDecoder() {}

    /**
     * Decodes a whole request; the first invalid span fails it, so nothing of a bad request
     * is stored.
     *
     * @throws InvalidSpansException naming the span and field that is wrong
     */
    public static List<Span> decode(List<zipkin2.Span> spans) {
        List<Span> out = new ArrayList<>(spans.size());
        // Spans of one request nearly always share their process; one Resource serves them all.
        Map<Resource, Resource> resources = new HashMap<>();
        for (int i = 0; i < spans.size(); i++) {
            Span span = decode(spans.get(i), "spans[" + i + "]");
            Resource shared = resources.putIfAbsent(span.resource(), span.resource());
            out.add(shared == null ? span : span.toBuilder().resource(shared).build());
        }
        return out;
    }

    /**
     * @param path where the span is in the request, for error messages
     * @throws InvalidSpansException naming the field that is wrong
     */
    static Span decode(zipkin2.Span span, String path) {
        ZipkinTimestamps times = ZipkinTimestamps.of(span, path);
        ZipkinTags tags = ZipkinTags.of(span.tags());
        Span.Builder builder = Span.builder()
                .traceId(TraceId.fromHex(span.traceId()))
                .spanId(HexIds.parseSpanId(span.id()))
                .parentSpanId(span.parentId() == null ? 0 : HexIds.parseSpanId(span.parentId()))
                .flags(Boolean.TRUE.equals(span.debug()) ? DEBUG_FLAG : 0)
                .name(span.name() == null ? "" : span.name())
                .startEpochNanos(times.startEpochNanos)
                .durationNanos(times.durationNanos)
                .status(tags.status, "")
                .resource(resource(span.localEndpoint(), tags.processAttributes));

        List<Attribute> attributes = tags.spanAttributes;
        List<SpanEvent> events = new ArrayList<>(span.annotations().size() + 1);
        ZipkinAnnotations.addEvents(span.annotations(), path, events);
        zipkin2.Span.Kind kind = span.kind();
        if (kind == null) {
            builder.kind(ZipkinAnnotations.kindFromCore(span.annotations()));
        } else {
            builder.kind(kindOf(kind));
            if (kind == zipkin2.Span.Kind.PRODUCER || kind == zipkin2.Span.Kind.CONSUMER) {
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
        if (span.localEndpoint() != null && kind == null && span.tags().isEmpty() && span.annotations().isEmpty()) {
            // Jaeger marks such a span with an empty local component so that its service is found.
            attributes.add(Attribute.of(ZipkinTags.COMPONENT, ""));
        }
        tags.addTrailingAttributes(attributes);
        return builder.attributes(attributes).events(events).build();
    }

    private static SpanKind kindOf(zipkin2.Span.Kind kind) {
        switch (kind) {
            case CLIENT: return SpanKind.CLIENT;
            case SERVER: return SpanKind.SERVER;
            default: return SpanKind.UNSPECIFIED;
        }
    }

    /**
     * The service is the local endpoint's name; its IPv4 address becomes the process tag
     * {@code ip}. An endpoint without a name counts as no endpoint at all, as in Jaeger.
     */
    private static Resource resource(Endpoint local, List<Attribute> processAttributes) {
        List<Attribute> attributes = new ArrayList<>(processAttributes);
        String serviceName = UNKNOWN_SERVICE_NAME;
        if (local != null && local.serviceName() != null && !local.serviceName().isEmpty()) {
            serviceName = local.serviceName();
            long ipv4 = ZipkinEndpoints.ipv4AsUnsigned(local.ipv4Bytes());
            if (ipv4 != 0) {
                attributes.add(Attribute.of(ZipkinEndpoints.PROCESS_IP, ipv4));
            }
        }
        // Jaeger sorts process tags by key.
        attributes.sort(Comparator.comparing(Attribute::key));
        return new Resource(serviceName, attributes);
    }
}

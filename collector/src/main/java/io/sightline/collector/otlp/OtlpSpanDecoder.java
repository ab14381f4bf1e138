package io.sightline.collector.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an OTLP export request into model spans. The whole request is validated before
 * anything is returned, so a request with one bad span is rejected whole and nothing of it is
 * stored.
 */
public final class OtlpSpanDecoder {
    /** Jaeger's service name for a resource without any attribute. */
    static final String NO_RESOURCE_SERVICE_NAME = "OTLPResourceNoServiceName";
    /** Jaeger's sanitizer replaces an empty service name with this. */
    static final String EMPTY_SERVICE_NAME = "empty-service-name";
    /** The low byte of OTLP span flags holds the W3C trace flags (bit 0: sampled). */
    private static final int W3C_TRACE_FLAGS_MASK = 0xFF;

    private OtlpSpanDecoder() {}

    /** Number of spans in the request, without decoding them. */
    public static int countSpans(ExportTraceServiceRequest request) {
        int count = 0;
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                count += scopeSpans.getSpansCount();
            }
        }
        return count;
    }

    /**
     * @throws InvalidSpansException naming the first invalid field found
     */
    public static List<Span> decode(ExportTraceServiceRequest request) {
        List<Span> out = new ArrayList<>(countSpans(request));
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans resourceSpans = request.getResourceSpans(r);
            Resource resource = decodeResource(resourceSpans.getResource());
            for (int s = 0; s < resourceSpans.getScopeSpansCount(); s++) {
                ScopeSpans scopeSpans = resourceSpans.getScopeSpans(s);
                io.sightline.core.model.InstrumentationScope scope = decodeScope(scopeSpans.getScope());
                for (int i = 0; i < scopeSpans.getSpansCount(); i++) {
                    try {
                        out.add(decodeSpan(scopeSpans.getSpans(i), resource, scope));
                    } catch (InvalidSpansException e) {
                        // The span's own path is spelled out only for the span that fails: built
                        // for every span it was a fifth of the decoder's allocation.
                        throw new InvalidSpansException(
                                "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]" + e.getMessage());
                    }
                }
            }
        }
        return out;
    }

    private static Resource decodeResource(io.opentelemetry.proto.resource.v1.Resource resource) {
        if (resource.getAttributesCount() == 0) {
            return new Resource(NO_RESOURCE_SERVICE_NAME, List.of());
        }
        String serviceName = "";
        List<Attribute> others = new ArrayList<>(resource.getAttributesCount());
        for (KeyValue kv : resource.getAttributesList()) {
            if (kv.getKey().equals(Resource.SERVICE_NAME_KEY) && kv.getValue().hasStringValue()) {
                serviceName = kv.getValue().getStringValue();
            } else {
                others.add(decodeAttribute(kv));
            }
        }
        return new Resource(serviceName.isEmpty() ? EMPTY_SERVICE_NAME : serviceName, others);
    }

    private static io.sightline.core.model.InstrumentationScope decodeScope(InstrumentationScope scope) {
        if (scope.getName().isEmpty() && scope.getVersion().isEmpty()) {
            return io.sightline.core.model.InstrumentationScope.EMPTY;
        }
        return new io.sightline.core.model.InstrumentationScope(scope.getName(), scope.getVersion());
    }

    /**
     * Decodes one span; an {@link InvalidSpansException} from here names the field relative to the
     * span (e.g. {@code .traceId: must not be all zeros}) and {@link #decode} prefixes the span's path.
     */
    private static Span decodeSpan(io.opentelemetry.proto.trace.v1.Span span, Resource resource,
            io.sightline.core.model.InstrumentationScope scope) {
        TraceId traceId = traceId(span.getTraceId(), ".traceId");
        long spanId = spanId(span.getSpanId(), ".spanId");
        long parentSpanId = span.getParentSpanId().isEmpty() ? 0 : anySpanId(span.getParentSpanId(), ".parentSpanId");
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        if (Long.compareUnsigned(end, start) < 0) {
            throw new InvalidSpansException(": endTimeUnixNano " + Long.toUnsignedString(end)
                    + " is before startTimeUnixNano " + Long.toUnsignedString(start));
        }
        Span.Builder builder = Span.builder()
                .traceId(traceId)
                .spanId(spanId)
                .parentSpanId(parentSpanId)
                .traceState(span.getTraceState())
                .flags(span.getFlags() & W3C_TRACE_FLAGS_MASK)
                .name(span.getName())
                .kind(decodeKind(span.getKindValue(), ""))
                .startEpochNanos(start)
                .durationNanos(end - start)
                .attributes(decodeAttributes(span.getAttributesList()))
                .status(decodeStatus(span.getStatus().getCodeValue(), ""), span.getStatus().getMessage())
                .resource(resource)
                .scope(scope);
        for (io.opentelemetry.proto.trace.v1.Span.Event event : span.getEventsList()) {
            builder.addEvent(new SpanEvent(event.getTimeUnixNano(), event.getName(),
                    decodeAttributes(event.getAttributesList())));
        }
        for (int l = 0; l < span.getLinksCount(); l++) {
            io.opentelemetry.proto.trace.v1.Span.Link link = span.getLinks(l);
            String linkPath = ".links[" + l + "]";
            builder.addLink(new SpanLink(traceId(link.getTraceId(), linkPath + ".traceId"),
                    spanId(link.getSpanId(), linkPath + ".spanId"), link.getTraceState(),
                    decodeAttributes(link.getAttributesList())));
        }
        return builder.build();
    }

    private static TraceId traceId(ByteString bytes, String path) {
        if (bytes.size() != TraceId.BYTES) {
            throw new InvalidSpansException(path + ": expected 16 bytes, got " + bytes.size());
        }
        TraceId id = TraceId.of(readLong(bytes, 0), readLong(bytes, 8));
        if (id.isZero()) {
            throw new InvalidSpansException(path + ": must not be all zeros");
        }
        return id;
    }

    private static long spanId(ByteString bytes, String path) {
        long id = anySpanId(bytes, path);
        if (id == 0) {
            throw new InvalidSpansException(path + ": must not be all zeros");
        }
        return id;
    }

    /** A span ID that may be all zeros (an all-zero parent means "no parent"). */
    private static long anySpanId(ByteString bytes, String path) {
        if (bytes.size() != 8) {
            throw new InvalidSpansException(path + ": expected 8 bytes, got " + bytes.size());
        }
        return readLong(bytes, 0);
    }

    /**
     * The big-endian long at {@code offset}, read in place: copying the bytes out first
     * (substring, toByteArray) allocated several objects for every ID of every span.
     */
    private static long readLong(ByteString bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes.byteAt(offset + i) & 0xFF);
        }
        return value;
    }

    static SpanKind decodeKind(int kind, String path) {
        switch (kind) {
            case 0: return SpanKind.UNSPECIFIED;
            case 1: return SpanKind.INTERNAL;
            case 2: return SpanKind.SERVER;
            case 3: return SpanKind.CLIENT;
            case 4: return SpanKind.PRODUCER;
            case 5: return SpanKind.CONSUMER;
            default: throw new InvalidSpansException(path + ".kind: unknown span kind " + kind + " (expected: 0..5)");
        }
    }

    static StatusCode decodeStatus(int code, String path) {
        switch (code) {
            case 0: return StatusCode.UNSET;
            case 1: return StatusCode.OK;
            case 2: return StatusCode.ERROR;
            default: throw new InvalidSpansException(path + ".status.code: unknown status code " + code + " (expected: 0..2)");
        }
    }

    static List<Attribute> decodeAttributes(List<KeyValue> keyValues) {
        if (keyValues.isEmpty()) {
            return List.of();
        }
        List<Attribute> out = new ArrayList<>(keyValues.size());
        for (KeyValue kv : keyValues) {
            out.add(decodeAttribute(kv));
        }
        return out;
    }

    private static Attribute decodeAttribute(KeyValue kv) {
        return new Attribute(kv.getKey(), decodeValue(kv.getValue()));
    }

    private static AttributeValue decodeValue(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE: return AttributeValue.of(value.getStringValue());
            case BOOL_VALUE: return AttributeValue.of(value.getBoolValue());
            case INT_VALUE: return AttributeValue.of(value.getIntValue());
            case DOUBLE_VALUE: return AttributeValue.of(value.getDoubleValue());
            case BYTES_VALUE: return AttributeValue.of(value.getBytesValue().toByteArray());
            case ARRAY_VALUE: {
                List<AttributeValue> values = new ArrayList<>(value.getArrayValue().getValuesCount());
                for (AnyValue element : value.getArrayValue().getValuesList()) {
                    values.add(decodeValue(element));
                }
                return new AttributeValue.ArrayValue(values);
            }
            case KVLIST_VALUE: return new AttributeValue.MapValue(decodeAttributes(value.getKvlistValue().getValuesList()));
            default: return AttributeValue.Empty.INSTANCE;
        }
    }
}

package io.sightline.collector.otlp;

import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.InstrumentationScope;
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
 * Decodes the protobuf bytes of an OTLP {@code ExportTraceServiceRequest} straight into model
 * spans, without building the generated protobuf messages first. Those messages cost about three
 * times the model's own allocation per span and were most of the receiver's decode time
 * ({@code OtlpProtobufDecodeBenchmark}). The mapping and every validation message are those of
 * {@link OtlpSpanDecoder}, which still serves the JSON encoding; a test decodes the same requests
 * both ways and compares.
 *
 * <p>Wire rules follow protobuf's parser: fields may come in any order (a resource after its
 * spans, a span's IDs after its attributes); unknown fields are skipped; a repeated singular
 * field keeps its last value and repeated message fields add up. Two things are stricter than
 * protobuf-java, since no OTLP exporter sends them: groups (wire types 3 and 4) are refused, and
 * a singular message field sent twice is read as its last occurrence for scalars inside it but
 * its repeated fields are appended, rather than fully merged.
 */
public final class OtlpProtobufDecoder {
    // Field tags: (field number << 3) | wire type.
    private static final int REQUEST_RESOURCE_SPANS = 10;
    private static final int RESOURCE_SPANS_RESOURCE = 10;
    private static final int RESOURCE_SPANS_SCOPE_SPANS = 18;
    private static final int RESOURCE_ATTRIBUTES = 10;
    private static final int SCOPE_SPANS_SCOPE = 10;
    private static final int SCOPE_SPANS_SPANS = 18;
    private static final int SCOPE_NAME = 10;
    private static final int SCOPE_VERSION = 18;
    private static final int SPAN_TRACE_ID = 10;
    private static final int SPAN_SPAN_ID = 18;
    private static final int SPAN_TRACE_STATE = 26;
    private static final int SPAN_PARENT_SPAN_ID = 34;
    private static final int SPAN_NAME = 42;
    private static final int SPAN_KIND = 48;
    private static final int SPAN_START_TIME = 57;
    private static final int SPAN_END_TIME = 65;
    private static final int SPAN_ATTRIBUTES = 74;
    private static final int SPAN_EVENTS = 90;
    private static final int SPAN_LINKS = 106;
    private static final int SPAN_STATUS = 122;
    private static final int SPAN_FLAGS = 133;
    private static final int EVENT_TIME = 9;
    private static final int EVENT_NAME = 18;
    private static final int EVENT_ATTRIBUTES = 26;
    private static final int LINK_TRACE_ID = 10;
    private static final int LINK_SPAN_ID = 18;
    private static final int LINK_TRACE_STATE = 26;
    private static final int LINK_ATTRIBUTES = 34;
    private static final int STATUS_MESSAGE = 18;
    private static final int STATUS_CODE = 24;
    private static final int KEY_VALUE_KEY = 10;
    private static final int KEY_VALUE_VALUE = 18;
    private static final int ANY_STRING = 10;
    private static final int ANY_BOOL = 16;
    private static final int ANY_INT = 24;
    private static final int ANY_DOUBLE = 33;
    private static final int ANY_ARRAY = 42;
    private static final int ANY_KVLIST = 50;
    private static final int ANY_BYTES = 58;
    private static final int LIST_VALUES = 10;

    private static final int W3C_TRACE_FLAGS_MASK = 0xFF;
    /**
     * Deepest message nesting accepted, counted from the request as protobuf-java counts it (its
     * default limit): nested arrays and maps of attribute values are the only unbounded recursion,
     * and a hostile request must not overflow the event loop's stack.
     */
    static final int MAX_NESTING_DEPTH = 100;
    // Depths of the messages that hold attributes.
    private static final int RESOURCE_DEPTH = 2;
    private static final int SPAN_DEPTH = 3;
    /** Attribute string values up to this many bytes are looked up in the request's string cache. */
    private static final int CACHED_VALUE_BYTES = 24;

    private final ProtoWireReader in;
    private final WireStrings strings = new WireStrings();
    private final List<Span> out = new ArrayList<>();
    /** The attributes of the span being read, gathered here and copied once it is complete. */
    private final List<Attribute> spanAttributes = new ArrayList<>(32);
    /** The last ID read by {@link #readId}: its length, and its value when that is 8 or 16 bytes. */
    private int idLength;
    private long idHigh;
    private long idLow;

    private OtlpProtobufDecoder(byte[] body) {
        this.in = new ProtoWireReader(body);
    }

    /**
     * @throws InvalidSpansException for malformed protobuf ("cannot decode protobuf
     *     ExportTraceServiceRequest: …") or an invalid span (naming its path and field, as
     *     {@link OtlpSpanDecoder} does); nothing is returned then, so nothing of the request is stored
     */
    public static List<Span> decode(byte[] body) {
        OtlpProtobufDecoder decoder = new OtlpProtobufDecoder(body);
        decoder.readRequest();
        return decoder.out;
    }

    private void readRequest() {
        int end = in.length();
        int resourceIndex = 0;
        while (in.position() < end) {
            int tag = in.readTag();
            if (tag == REQUEST_RESOURCE_SPANS) {
                readResourceSpans(in.readEnd(end), resourceIndex++);
            } else {
                in.skip(tag, end);
            }
        }
    }

    private void readResourceSpans(int end, int resourceIndex) {
        ResourceFields resource = new ResourceFields();
        List<PendingSpan> spans = new ArrayList<>();
        int scopeIndex = 0;
        while (in.position() < end) {
            int tag = in.readTag();
            if (tag == RESOURCE_SPANS_RESOURCE) {
                readResource(in.readEnd(end), resource);
            } else if (tag == RESOURCE_SPANS_SCOPE_SPANS) {
                readScopeSpans(in.readEnd(end), resourceIndex, scopeIndex++, spans);
            } else {
                in.skip(tag, end);
            }
        }
        checkEnd(end);
        Resource decoded = resource.toResource();
        for (PendingSpan span : spans) {
            out.add(span.build(decoded));
        }
    }

    private void readResource(int end, ResourceFields resource) {
        while (in.position() < end) {
            int tag = in.readTag();
            if (tag == RESOURCE_ATTRIBUTES) {
                resource.add(readKeyValue(in.readEnd(end), RESOURCE_DEPTH + 1));
            } else {
                in.skip(tag, end);
            }
        }
        checkEnd(end);
    }

    private void readScopeSpans(int end, int resourceIndex, int scopeIndex, List<PendingSpan> spans) {
        String scopeName = "";
        String scopeVersion = "";
        int first = spans.size();
        int spanIndex = 0;
        while (in.position() < end) {
            int tag = in.readTag();
            if (tag == SCOPE_SPANS_SCOPE) {
                int scopeEnd = in.readEnd(end);
                while (in.position() < scopeEnd) {
                    int scopeTag = in.readTag();
                    if (scopeTag == SCOPE_NAME) {
                        scopeName = readString(scopeEnd, true);
                    } else if (scopeTag == SCOPE_VERSION) {
                        scopeVersion = readString(scopeEnd, true);
                    } else {
                        in.skip(scopeTag, scopeEnd);
                    }
                }
                checkEnd(scopeEnd);
            } else if (tag == SCOPE_SPANS_SPANS) {
                spans.add(readSpan(in.readEnd(end), resourceIndex, scopeIndex, spanIndex++));
            } else {
                in.skip(tag, end);
            }
        }
        checkEnd(end);
        InstrumentationScope scope = scopeName.isEmpty() && scopeVersion.isEmpty()
                ? InstrumentationScope.EMPTY : new InstrumentationScope(scopeName, scopeVersion);
        for (int i = first; i < spans.size(); i++) {
            spans.get(i).scope = scope;
        }
    }

    private PendingSpan readSpan(int end, int resourceIndex, int scopeIndex, int spanIndex) {
        PendingSpan span = new PendingSpan(resourceIndex, scopeIndex, spanIndex);
        spanAttributes.clear();
        while (in.position() < end) {
            int tag = in.readTag();
            switch (tag) {
                case SPAN_TRACE_ID -> {
                    readId(end);
                    span.traceIdLength = idLength;
                    span.traceIdHigh = idHigh;
                    span.traceIdLow = idLow;
                }
                case SPAN_SPAN_ID -> {
                    readId(end);
                    span.spanIdLength = idLength;
                    span.spanId = idLow;
                }
                case SPAN_PARENT_SPAN_ID -> {
                    readId(end);
                    span.parentSpanIdLength = idLength;
                    span.parentSpanId = idLow;
                }
                case SPAN_TRACE_STATE -> span.traceState = readString(end, false);
                case SPAN_NAME -> span.name = readString(end, true);
                case SPAN_KIND -> span.kind = in.readVarint32();
                case SPAN_START_TIME -> span.startNanos = in.readFixed64();
                case SPAN_END_TIME -> span.endNanos = in.readFixed64();
                case SPAN_ATTRIBUTES -> spanAttributes.add(readKeyValue(in.readEnd(end), SPAN_DEPTH + 1));
                case SPAN_EVENTS -> span.events = add(span.events, readEvent(in.readEnd(end)));
                case SPAN_LINKS -> span.links = add(span.links, readLink(in.readEnd(end)));
                case SPAN_STATUS -> readStatus(in.readEnd(end), span);
                case SPAN_FLAGS -> span.flags = in.readFixed32();
                default -> in.skip(tag, end);
            }
        }
        checkEnd(end);
        // Exactly sized and immutable: the span keeps this list as it is instead of copying it.
        span.attributes = spanAttributes.isEmpty() ? null : List.copyOf(spanAttributes);
        return span;
    }

    private SpanEvent readEvent(int end) {
        long timeNanos = 0;
        String name = "";
        List<Attribute> attributes = null;
        while (in.position() < end) {
            int tag = in.readTag();
            switch (tag) {
                case EVENT_TIME -> timeNanos = in.readFixed64();
                case EVENT_NAME -> name = readString(end, true);
                case EVENT_ATTRIBUTES -> attributes = add(attributes, readKeyValue(in.readEnd(end), SPAN_DEPTH + 2));
                default -> in.skip(tag, end);
            }
        }
        checkEnd(end);
        return new SpanEvent(timeNanos, name, attributes == null ? List.of() : attributes);
    }

    private PendingLink readLink(int end) {
        PendingLink link = new PendingLink();
        while (in.position() < end) {
            int tag = in.readTag();
            switch (tag) {
                case LINK_TRACE_ID -> {
                    readId(end);
                    link.traceIdLength = idLength;
                    link.traceIdHigh = idHigh;
                    link.traceIdLow = idLow;
                }
                case LINK_SPAN_ID -> {
                    readId(end);
                    link.spanIdLength = idLength;
                    link.spanId = idLow;
                }
                case LINK_TRACE_STATE -> link.traceState = readString(end, false);
                case LINK_ATTRIBUTES -> link.attributes = add(link.attributes, readKeyValue(in.readEnd(end), SPAN_DEPTH + 2));
                default -> in.skip(tag, end);
            }
        }
        checkEnd(end);
        return link;
    }

    private void readStatus(int end, PendingSpan span) {
        while (in.position() < end) {
            int tag = in.readTag();
            if (tag == STATUS_MESSAGE) {
                span.statusMessage = readString(end, false);
            } else if (tag == STATUS_CODE) {
                span.statusCode = in.readVarint32();
            } else {
                in.skip(tag, end);
            }
        }
        checkEnd(end);
    }

    /** @param depth the nesting depth of this KeyValue message */
    private Attribute readKeyValue(int end, int depth) {
        checkDepth(depth);
        String key = "";
        AttributeValue value = AttributeValue.Empty.INSTANCE;
        while (in.position() < end) {
            int tag = in.readTag();
            if (tag == KEY_VALUE_KEY) {
                key = readString(end, true);
            } else if (tag == KEY_VALUE_VALUE) {
                value = readAnyValue(in.readEnd(end), value, depth + 1);
            } else {
                in.skip(tag, end);
            }
        }
        checkEnd(end);
        return new Attribute(key, value);
    }

    /** One AnyValue; {@code previous} is what an earlier occurrence of the same field held. */
    private AttributeValue readAnyValue(int end, AttributeValue previous, int depth) {
        checkDepth(depth);
        AttributeValue value = previous;
        while (in.position() < end) {
            int tag = in.readTag();
            switch (tag) {
                case ANY_STRING -> value = AttributeValue.of(readStringValue(end));
                case ANY_BOOL -> value = AttributeValue.of(in.readVarint64() != 0);
                case ANY_INT -> value = AttributeValue.of(in.readVarint64());
                case ANY_DOUBLE -> value = AttributeValue.of(Double.longBitsToDouble(in.readFixed64()));
                case ANY_BYTES -> value = AttributeValue.of(readBytes(end));
                case ANY_ARRAY -> {
                    List<AttributeValue> values = value instanceof AttributeValue.ArrayValue array
                            ? new ArrayList<>(array.values()) : new ArrayList<>();
                    int listEnd = in.readEnd(end);
                    while (in.position() < listEnd) {
                        int listTag = in.readTag();
                        if (listTag == LIST_VALUES) {
                            values.add(readAnyValue(in.readEnd(listEnd), AttributeValue.Empty.INSTANCE, depth + 2));
                        } else {
                            in.skip(listTag, listEnd);
                        }
                    }
                    checkEnd(listEnd);
                    value = new AttributeValue.ArrayValue(values);
                }
                case ANY_KVLIST -> {
                    List<Attribute> entries = value instanceof AttributeValue.MapValue map
                            ? new ArrayList<>(map.entries()) : new ArrayList<>();
                    int listEnd = in.readEnd(end);
                    while (in.position() < listEnd) {
                        int listTag = in.readTag();
                        if (listTag == LIST_VALUES) {
                            entries.add(readKeyValue(in.readEnd(listEnd), depth + 2));
                        } else {
                            in.skip(listTag, listEnd);
                        }
                    }
                    checkEnd(listEnd);
                    value = new AttributeValue.MapValue(entries);
                }
                default -> in.skip(tag, end);
            }
        }
        checkEnd(end);
        return value;
    }

    /**
     * Reads an ID field into {@link #idLength}, {@link #idHigh} and {@link #idLow} (the big-endian
     * halves of 16 bytes, or {@code idLow} alone for 8): no object per ID. Validation of the
     * length waits until the span is built, in the order {@link OtlpSpanDecoder} checks.
     */
    private void readId(int end) {
        int idEnd = in.readEnd(end);
        idLength = idEnd - in.position();
        idHigh = 0;
        idLow = 0;
        if (idLength == 16) {
            idHigh = in.readBigEndianLong();
            idLow = in.readBigEndianLong();
        } else if (idLength == 8) {
            idLow = in.readBigEndianLong();
        }
        in.seek(idEnd);
    }

    private String readString(int end, boolean repeated) {
        int stringEnd = in.readEnd(end);
        int start = in.position();
        in.seek(stringEnd);
        try {
            return repeated ? strings.repeated(in.buffer(), start, stringEnd - start)
                    : WireStrings.create(in.buffer(), start, stringEnd - start);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    private String readStringValue(int end) {
        int stringEnd = in.readEnd(end);
        int start = in.position();
        in.seek(stringEnd);
        int length = stringEnd - start;
        try {
            return length <= CACHED_VALUE_BYTES ? strings.repeated(in.buffer(), start, length)
                    : WireStrings.create(in.buffer(), start, length);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    private byte[] readBytes(int end) {
        int bytesEnd = in.readEnd(end);
        int start = in.position();
        in.seek(bytesEnd);
        return java.util.Arrays.copyOfRange(in.buffer(), start, bytesEnd);
    }

    private void checkDepth(int depth) {
        if (depth > MAX_NESTING_DEPTH) {
            throw in.malformed("attribute values nested deeper than " + MAX_NESTING_DEPTH + " messages");
        }
    }

    private void checkEnd(int end) {
        if (in.position() != end) {
            throw in.malformed("a field runs past the end of its message");
        }
    }

    private static <T> List<T> add(List<T> list, T item) {
        List<T> out = list == null ? new ArrayList<>(8) : list;
        out.add(item);
        return out;
    }

    /** The resource's attributes as they arrive; {@code service.name} (a string) is taken out. */
    private static final class ResourceFields {
        private final List<Attribute> others = new ArrayList<>();
        private String serviceName = "";
        private int attributeCount;

        void add(Attribute attribute) {
            attributeCount++;
            if (attribute.key().equals(Resource.SERVICE_NAME_KEY) && attribute.value() instanceof AttributeValue.StringValue name) {
                serviceName = name.value();
            } else {
                others.add(attribute);
            }
        }

        Resource toResource() {
            if (attributeCount == 0) {
                return new Resource(OtlpSpanDecoder.NO_RESOURCE_SERVICE_NAME, List.of());
            }
            return new Resource(serviceName.isEmpty() ? OtlpSpanDecoder.EMPTY_SERVICE_NAME : serviceName, others);
        }
    }

    /** A link read but not yet checked; ID lengths are kept to name a wrong one. */
    private static final class PendingLink {
        int traceIdLength;
        long traceIdHigh;
        long traceIdLow;
        int spanIdLength;
        long spanId;
        String traceState = "";
        List<Attribute> attributes;
    }

    /**
     * A span read but not yet built: its resource (and scope) may still follow on the wire, and
     * it is validated, in {@link OtlpSpanDecoder}'s order, once everything is known.
     */
    private static final class PendingSpan {
        final int resourceIndex;
        final int scopeIndex;
        final int spanIndex;
        int traceIdLength;
        long traceIdHigh;
        long traceIdLow;
        int spanIdLength;
        long spanId;
        int parentSpanIdLength;
        long parentSpanId;
        String traceState = "";
        String name = "";
        int kind;
        long startNanos;
        long endNanos;
        int flags;
        List<Attribute> attributes;
        List<SpanEvent> events;
        List<PendingLink> links;
        int statusCode;
        String statusMessage = "";
        InstrumentationScope scope = InstrumentationScope.EMPTY;

        PendingSpan(int resourceIndex, int scopeIndex, int spanIndex) {
            this.resourceIndex = resourceIndex;
            this.scopeIndex = scopeIndex;
            this.spanIndex = spanIndex;
        }

        Span build(Resource resource) {
            try {
                return validated(resource);
            } catch (InvalidSpansException e) {
                throw new InvalidSpansException("resourceSpans[" + resourceIndex + "].scopeSpans[" + scopeIndex
                        + "].spans[" + spanIndex + "]" + e.getMessage());
            }
        }

        private Span validated(Resource resource) {
            TraceId trace = traceId(traceIdLength, traceIdHigh, traceIdLow, ".traceId");
            long id = spanId(spanIdLength, spanId, ".spanId");
            long parent = parentSpanIdLength == 0 ? 0 : anySpanId(parentSpanIdLength, parentSpanId, ".parentSpanId");
            if (Long.compareUnsigned(endNanos, startNanos) < 0) {
                throw new InvalidSpansException(": endTimeUnixNano " + Long.toUnsignedString(endNanos)
                        + " is before startTimeUnixNano " + Long.toUnsignedString(startNanos));
            }
            SpanKind spanKind = OtlpSpanDecoder.decodeKind(kind, "");
            StatusCode status = OtlpSpanDecoder.decodeStatus(statusCode, "");
            List<SpanLink> decodedLinks = List.of();
            if (links != null) {
                decodedLinks = new ArrayList<>(links.size());
                for (int l = 0; l < links.size(); l++) {
                    PendingLink link = links.get(l);
                    String linkPath = ".links[" + l + "]";
                    decodedLinks.add(new SpanLink(
                            traceId(link.traceIdLength, link.traceIdHigh, link.traceIdLow, linkPath + ".traceId"),
                            spanId(link.spanIdLength, link.spanId, linkPath + ".spanId"), link.traceState,
                            link.attributes == null ? List.of() : link.attributes));
                }
            }
            return new Span(trace, id, parent, traceState, flags & W3C_TRACE_FLAGS_MASK, name, spanKind,
                    startNanos, endNanos - startNanos,
                    attributes == null ? List.of() : attributes,
                    events == null ? List.of() : events,
                    decodedLinks, status, statusMessage, resource, scope);
        }
    }

    private static TraceId traceId(int length, long high, long low, String path) {
        if (length != TraceId.BYTES) {
            throw new InvalidSpansException(path + ": expected 16 bytes, got " + length);
        }
        TraceId traceId = TraceId.of(high, low);
        if (traceId.isZero()) {
            throw new InvalidSpansException(path + ": must not be all zeros");
        }
        return traceId;
    }

    private static long spanId(int length, long id, String path) {
        long value = anySpanId(length, id, path);
        if (value == 0) {
            throw new InvalidSpansException(path + ": must not be all zeros");
        }
        return value;
    }

    private static long anySpanId(int length, long id, String path) {
        if (length != 8) {
            throw new InvalidSpansException(path + ": expected 8 bytes, got " + length);
        }
        return id;
    }
}

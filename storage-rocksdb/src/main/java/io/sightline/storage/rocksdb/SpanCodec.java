package io.sightline.storage.rocksdb;

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
import io.sightline.core.storage.StorageException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored value of a span. Hand-written rather than protobuf because bytes per span are the
 * store's main cost: nothing the key already holds (trace ID, span ID, start µs) is repeated,
 * absent fields cost one bit, numbers are varints, event times are offsets from the span start.
 *
 * <pre>
 * value    = version:u8 (2) head:u8 present:u8
 *            [startSubMicrosNanos:zigzag] durationNanos:varint [parentSpanId:fixed64] [flags:varint]
 *            [traceState:str] name:str [attributes] [events] [links] [statusMessage:str]
 *            source:fixed64 fixed64      its resource and scope: a {@link StoredSources} ID
 * source   = serviceName:str resourceAttributes:attributes scopeName:str scopeVersion:str
 * head     = kind ordinal (bits 0-2) | status ordinal (bits 3-4) | HEAD_* flags (bits 5-7)
 * present  = PRESENT_* flags: which optional lists and strings follow
 * str      = length:varint UTF-8 bytes
 * name, key, string value: a {@link PieceStrings} string (in the piece's table, or in place)
 * attributes = count:varint (key:str value)*          value = tag:u8 payload (T_* below)
 * events   = count:varint (sinceStartNanos:zigzag name:str attributes)*
 * links    = count:varint (LINK_* flags:u8 [traceIdHigh:fixed64 traceIdLow:fixed64] spanId:fixed64
 *            [traceState:str] [attributes])*
 * </pre>
 * A new layout gets a new version byte; decoding an unknown version fails loudly.
 */
final class SpanCodec {
    static final int FORMAT_VERSION = 2;

    private static final SpanKind[] KINDS = SpanKind.values();
    private static final StatusCode[] STATUS_CODES = StatusCode.values();

    private static final int HEAD_PARENT = 1 << 5;
    private static final int HEAD_FLAGS = 1 << 6;
    private static final int HEAD_SUB_MICROS = 1 << 7;

    private static final int PRESENT_TRACE_STATE = 1;
    private static final int PRESENT_ATTRIBUTES = 1 << 1;
    private static final int PRESENT_EVENTS = 1 << 2;
    private static final int PRESENT_LINKS = 1 << 3;
    private static final int PRESENT_STATUS_MESSAGE = 1 << 4;

    private static final int LINK_OTHER_TRACE = 1;
    private static final int LINK_TRACE_STATE = 1 << 1;
    private static final int LINK_ATTRIBUTES = 1 << 2;

    private static final int MAX_NESTING = 256;

    private static final int T_STRING = 0;
    private static final int T_BOOL_FALSE = 1;
    private static final int T_BOOL_TRUE = 2;
    private static final int T_INT64 = 3;
    private static final int T_FLOAT64 = 4;
    private static final int T_BINARY = 5;
    private static final int T_ARRAY = 6;
    private static final int T_MAP = 7;
    private static final int T_EMPTY = 8;

    private SpanCodec() {}

    /** Finds the resource and scope a stored span names. */
    @FunctionalInterface
    interface SourceLookup {
        /** @throws StorageException when the source is not stored */
        StoredSources.Source get(StoredSources.Id id);
    }

    /**
     * A span's stored body (its trace ID, span ID and start µs are stored beside it, by
     * {@link TracePieces}), for a span whose resource and scope are stored as {@code source}.
     *
     * @throws StorageException when attribute values nest deeper than decoding will read back
     */
    static byte[] encode(Span span, StoredSources.Id source) {
        ByteSink out = new ByteSink(256);
        encode(out, span, source, PieceStrings.inPlace());
        return out.toByteArray();
    }

    /**
     * Appends the body to {@code out}, with its keys, names and short values in {@code strings}
     * (read back with that piece's table).
     */
    static void encode(ByteSink out, Span span, StoredSources.Id source, PieceStrings strings) {
        long subMicrosNanos = span.startEpochNanos() - span.startEpochMicros() * 1_000;
        int head = span.kind().ordinal() | span.statusCode().ordinal() << 3
                | (span.parentSpanId() != 0 ? HEAD_PARENT : 0)
                | (span.flags() != 0 ? HEAD_FLAGS : 0)
                | (subMicrosNanos != 0 ? HEAD_SUB_MICROS : 0);
        int present = (span.traceState().isEmpty() ? 0 : PRESENT_TRACE_STATE)
                | (span.attributes().isEmpty() ? 0 : PRESENT_ATTRIBUTES)
                | (span.events().isEmpty() ? 0 : PRESENT_EVENTS)
                | (span.links().isEmpty() ? 0 : PRESENT_LINKS)
                | (span.statusMessage().isEmpty() ? 0 : PRESENT_STATUS_MESSAGE);

        out.writeByte(FORMAT_VERSION);
        out.writeByte(head);
        out.writeByte(present);
        if (subMicrosNanos != 0) {
            out.writeSignedVarLong(subMicrosNanos);
        }
        out.writeVarLong(span.durationNanos());
        if (span.parentSpanId() != 0) {
            out.writeFixed64(span.parentSpanId());
        }
        if (span.flags() != 0) {
            out.writeVarLong(span.flags() & 0xFFFF_FFFFL);
        }
        if ((present & PRESENT_TRACE_STATE) != 0) {
            out.writeString(span.traceState());
        }
        strings.writeName(out, span.name());
        if ((present & PRESENT_ATTRIBUTES) != 0) {
            writeAttributes(out, span.attributes(), 0, strings);
        }
        if ((present & PRESENT_EVENTS) != 0) {
            out.writeVarLong(span.events().size());
            for (SpanEvent event : span.events()) {
                // Wrapping subtraction and addition round-trip any pair of longs exactly.
                out.writeSignedVarLong(event.epochNanos() - span.startEpochNanos());
                strings.writeName(out, event.name());
                writeAttributes(out, event.attributes(), 0, strings);
            }
        }
        if ((present & PRESENT_LINKS) != 0) {
            out.writeVarLong(span.links().size());
            for (SpanLink link : span.links()) {
                writeLink(out, link, span.traceId(), strings);
            }
        }
        if ((present & PRESENT_STATUS_MESSAGE) != 0) {
            out.writeString(span.statusMessage());
        }
        out.writeFixed64(source.high());
        out.writeFixed64(source.low());
    }

    /** A resource and scope as {@link StoredSources} stores them. */
    static byte[] encodeSource(Resource resource, InstrumentationScope scope) {
        ByteSink out = new ByteSink(256);
        out.writeString(resource.serviceName());
        writeAttributes(out, resource.attributes(), 0, PieceStrings.inPlace());
        out.writeString(scope.name());
        out.writeString(scope.version());
        return out.toByteArray();
    }

    /** @throws StorageException when {@code value} is not an encoded source */
    static StoredSources.Source decodeSource(byte[] value) {
        try {
            ByteSource in = new ByteSource(value);
            Resource resource = new Resource(in.readString(), readAttributes(in, 0, PieceStrings.EMPTY_TABLE));
            String scopeName = in.readString();
            String scopeVersion = in.readString();
            if (!in.exhausted()) {
                throw new ByteSource.CorruptValueException("trailing bytes after the source");
            }
            return new StoredSources.Source(resource, scopeName.isEmpty() && scopeVersion.isEmpty()
                    ? InstrumentationScope.EMPTY : new InstrumentationScope(scopeName, scopeVersion));
        } catch (ByteSource.CorruptValueException | IllegalArgumentException e) {
            throw new StorageException("corrupt stored source: " + e.getMessage(), e);
        }
    }

    /** The span whose body {@link #encode} wrote, given what is stored beside it. */
    static Span decode(TraceId traceId, long spanId, long startEpochMicros, byte[] body, SourceLookup sources) {
        return decode(traceId, spanId, startEpochMicros, new ByteSource(body), PieceStrings.EMPTY_TABLE, sources);
    }

    /**
     * The span whose body is what {@code in} reads, to its end.
     *
     * @throws StorageException when the body is not a span of a known format version
     */
    static Span decode(TraceId traceId, long spanId, long startEpochMicros, ByteSource in, String[] table,
                       SourceLookup sources) {
        try {
            return decodeOrThrow(traceId, spanId, startEpochMicros, in, table, sources);
        } catch (ByteSource.CorruptValueException | IllegalArgumentException e) {
            throw new StorageException("corrupt stored span: " + e.getMessage(), e);
        }
    }

    private static Span decodeOrThrow(TraceId traceId, long spanId, long startEpochMicros, ByteSource in,
                                      String[] table, SourceLookup sources) {
        int version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new StorageException("stored span has format version " + version
                    + " but this build reads version " + FORMAT_VERSION);
        }
        int head = in.readByte();
        int present = in.readByte();
        long startEpochNanos = startEpochMicros * 1_000
                + ((head & HEAD_SUB_MICROS) != 0 ? in.readSignedVarLong() : 0);
        Span.Builder span = Span.builder()
                .traceId(traceId)
                .spanId(spanId)
                .kind(enumAt(KINDS, head & 0x7, "span kind"))
                .startEpochNanos(startEpochNanos)
                .durationNanos(in.readVarLong());
        StatusCode status = enumAt(STATUS_CODES, (head >> 3) & 0x3, "status code");
        if ((head & HEAD_PARENT) != 0) {
            span.parentSpanId(in.readFixed64());
        }
        if ((head & HEAD_FLAGS) != 0) {
            span.flags((int) in.readVarLong());
        }
        if ((present & PRESENT_TRACE_STATE) != 0) {
            span.traceState(in.readString());
        }
        span.name(PieceStrings.read(in, table));
        if ((present & PRESENT_ATTRIBUTES) != 0) {
            span.attributes(readAttributes(in, 0, table));
        }
        if ((present & PRESENT_EVENTS) != 0) {
            int count = in.readCount();
            for (int i = 0; i < count; i++) {
                long eventEpochNanos = startEpochNanos + in.readSignedVarLong();
                span.addEvent(new SpanEvent(eventEpochNanos, PieceStrings.read(in, table), readAttributes(in, 0, table)));
            }
        }
        if ((present & PRESENT_LINKS) != 0) {
            int count = in.readCount();
            for (int i = 0; i < count; i++) {
                span.addLink(readLink(in, traceId, table));
            }
        }
        span.status(status, (present & PRESENT_STATUS_MESSAGE) != 0 ? in.readString() : "");
        StoredSources.Id sourceId = new StoredSources.Id(in.readFixed64(), in.readFixed64());
        if (!in.exhausted()) {
            throw new ByteSource.CorruptValueException("trailing bytes after the span");
        }
        StoredSources.Source source = sources.get(sourceId);
        span.resource(source.resource());
        span.scope(source.scope());
        return span.build();
    }

    private static void writeLink(ByteSink out, SpanLink link, TraceId spanTraceId, PieceStrings strings) {
        boolean otherTrace = !link.traceId().equals(spanTraceId);
        out.writeByte((otherTrace ? LINK_OTHER_TRACE : 0)
                | (link.traceState().isEmpty() ? 0 : LINK_TRACE_STATE)
                | (link.attributes().isEmpty() ? 0 : LINK_ATTRIBUTES));
        if (otherTrace) {
            out.writeFixed64(link.traceId().high());
            out.writeFixed64(link.traceId().low());
        }
        out.writeFixed64(link.spanId());
        if (!link.traceState().isEmpty()) {
            out.writeString(link.traceState());
        }
        if (!link.attributes().isEmpty()) {
            writeAttributes(out, link.attributes(), 0, strings);
        }
    }

    private static SpanLink readLink(ByteSource in, TraceId spanTraceId, String[] table) {
        int flags = in.readByte();
        TraceId traceId = (flags & LINK_OTHER_TRACE) != 0 ? TraceId.of(in.readFixed64(), in.readFixed64()) : spanTraceId;
        long spanId = in.readFixed64();
        String traceState = (flags & LINK_TRACE_STATE) != 0 ? in.readString() : "";
        List<Attribute> attributes = (flags & LINK_ATTRIBUTES) != 0 ? readAttributes(in, 0, table) : List.of();
        return new SpanLink(traceId, spanId, traceState, attributes);
    }

    private static void writeAttributes(ByteSink out, List<Attribute> attributes, int depth, PieceStrings strings) {
        out.writeVarLong(attributes.size());
        for (Attribute attribute : attributes) {
            strings.writeName(out, attribute.key());
            writeValue(out, attribute.value(), depth, strings);
        }
    }

    private static void writeValue(ByteSink out, AttributeValue value, int depth, PieceStrings strings) {
        if (depth > MAX_NESTING) {
            // Refused here rather than stored unreadable; protocol decoders stop far earlier (100).
            throw new StorageException("attribute values nested deeper than " + MAX_NESTING + " levels");
        }
        if (value instanceof AttributeValue.StringValue s) {
            out.writeByte(T_STRING);
            strings.writeValue(out, s.value());
        } else if (value instanceof AttributeValue.BoolValue b) {
            out.writeByte(b.value() ? T_BOOL_TRUE : T_BOOL_FALSE);
        } else if (value instanceof AttributeValue.LongValue l) {
            out.writeByte(T_INT64);
            out.writeSignedVarLong(l.value());
        } else if (value instanceof AttributeValue.DoubleValue d) {
            out.writeByte(T_FLOAT64);
            out.writeFixed64(Double.doubleToRawLongBits(d.value()));
        } else if (value instanceof AttributeValue.BytesValue b) {
            out.writeByte(T_BINARY);
            out.writeBytes(b.value());
        } else if (value instanceof AttributeValue.ArrayValue a) {
            out.writeByte(T_ARRAY);
            out.writeVarLong(a.values().size());
            for (AttributeValue element : a.values()) {
                writeValue(out, element, depth + 1, strings);
            }
        } else if (value instanceof AttributeValue.MapValue m) {
            out.writeByte(T_MAP);
            writeAttributes(out, m.entries(), depth + 1, strings);
        } else if (value == AttributeValue.Empty.INSTANCE) {
            out.writeByte(T_EMPTY);
        } else {
            throw new IllegalStateException("attribute value type not handled by the codec: " + value.type());
        }
    }

    private static List<Attribute> readAttributes(ByteSource in, int depth, String[] table) {
        int count = in.readCount();
        if (count == 0) {
            return List.of();
        }
        List<Attribute> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = PieceStrings.read(in, table);
            out.add(new Attribute(key, readValue(in, depth, table)));
        }
        return out;
    }

    private static AttributeValue readValue(ByteSource in, int depth, String[] table) {
        if (depth > MAX_NESTING) {
            // Only a corrupt value nests this deep (encode refuses it): fail, not overflow the stack.
            throw new ByteSource.CorruptValueException("attribute values nested deeper than " + MAX_NESTING);
        }
        int tag = in.readByte();
        switch (tag) {
            case T_STRING:
                return AttributeValue.of(PieceStrings.read(in, table));
            case T_BOOL_FALSE:
                return AttributeValue.of(false);
            case T_BOOL_TRUE:
                return AttributeValue.of(true);
            case T_INT64:
                return AttributeValue.of(in.readSignedVarLong());
            case T_FLOAT64:
                return AttributeValue.of(Double.longBitsToDouble(in.readFixed64()));
            case T_BINARY:
                return AttributeValue.of(in.readBytes());
            case T_ARRAY: {
                int count = in.readCount();
                List<AttributeValue> values = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    values.add(readValue(in, depth + 1, table));
                }
                return new AttributeValue.ArrayValue(values);
            }
            case T_MAP:
                return new AttributeValue.MapValue(readAttributes(in, depth + 1, table));
            case T_EMPTY:
                return AttributeValue.Empty.INSTANCE;
            default:
                throw new ByteSource.CorruptValueException("unknown attribute value tag " + tag);
        }
    }

    private static <E> E enumAt(E[] values, int ordinal, String what) {
        if (ordinal >= values.length) {
            throw new ByteSource.CorruptValueException("unknown " + what + " " + ordinal);
        }
        return values[ordinal];
    }
}

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
 * The stored form of a span: a version byte, then every field of the model with varints for
 * numbers and length-prefixed UTF-8 for strings. Hand-written rather than protobuf because the
 * stored bytes per span are the store's main cost and the model maps onto no published schema
 * one to one. Version 1 is self-contained (it repeats the IDs that are also in the key).
 */
final class SpanCodec {
    static final int FORMAT_VERSION = 1;

    private static final SpanKind[] KINDS = SpanKind.values();
    private static final StatusCode[] STATUS_CODES = StatusCode.values();

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

    static byte[] encode(Span span) {
        ByteSink out = new ByteSink(256);
        out.writeByte(FORMAT_VERSION);
        out.writeFixed64(span.traceId().high());
        out.writeFixed64(span.traceId().low());
        out.writeFixed64(span.spanId());
        out.writeFixed64(span.parentSpanId());
        out.writeVarLong(span.flags() & 0xFFFFFFFFL);
        out.writeString(span.traceState());
        out.writeString(span.name());
        out.writeByte(span.kind().ordinal());
        out.writeVarLong(span.startEpochNanos());
        out.writeVarLong(span.durationNanos());
        writeAttributes(out, span.attributes());
        out.writeVarLong(span.events().size());
        for (SpanEvent event : span.events()) {
            out.writeVarLong(event.epochNanos());
            out.writeString(event.name());
            writeAttributes(out, event.attributes());
        }
        out.writeVarLong(span.links().size());
        for (SpanLink link : span.links()) {
            out.writeFixed64(link.traceId().high());
            out.writeFixed64(link.traceId().low());
            out.writeFixed64(link.spanId());
            out.writeString(link.traceState());
            writeAttributes(out, link.attributes());
        }
        out.writeByte(span.statusCode().ordinal());
        out.writeString(span.statusMessage());
        out.writeString(span.resource().serviceName());
        writeAttributes(out, span.resource().attributes());
        out.writeString(span.scope().name());
        out.writeString(span.scope().version());
        return out.toByteArray();
    }

    /**
     * @throws StorageException when the bytes are not a span of a known format version
     */
    static Span decode(byte[] bytes) {
        try {
            ByteSource in = new ByteSource(bytes);
            int version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new StorageException("stored span has format version " + version
                        + "; this build reads version " + FORMAT_VERSION);
            }
            Span.Builder span = Span.builder()
                    .traceId(TraceId.of(in.readFixed64(), in.readFixed64()))
                    .spanId(in.readFixed64())
                    .parentSpanId(in.readFixed64())
                    .flags((int) in.readVarLong())
                    .traceState(in.readString())
                    .name(in.readString())
                    .kind(KINDS[in.readByte()])
                    .startEpochNanos(in.readVarLong())
                    .durationNanos(in.readVarLong())
                    .attributes(readAttributes(in));
            long events = in.readVarLong();
            for (long i = 0; i < events; i++) {
                span.addEvent(new SpanEvent(in.readVarLong(), in.readString(), readAttributes(in)));
            }
            long links = in.readVarLong();
            for (long i = 0; i < links; i++) {
                span.addLink(new SpanLink(TraceId.of(in.readFixed64(), in.readFixed64()), in.readFixed64(),
                        in.readString(), readAttributes(in)));
            }
            span.status(STATUS_CODES[in.readByte()], in.readString());
            span.resource(new Resource(in.readString(), readAttributes(in)));
            String scopeName = in.readString();
            String scopeVersion = in.readString();
            span.scope(scopeName.isEmpty() && scopeVersion.isEmpty()
                    ? InstrumentationScope.EMPTY : new InstrumentationScope(scopeName, scopeVersion));
            if (!in.exhausted()) {
                throw new IllegalStateException("trailing bytes after the span");
            }
            return span.build();
        } catch (IllegalStateException | ArrayIndexOutOfBoundsException e) {
            throw new StorageException("corrupt stored span: " + e.getMessage(), e);
        }
    }

    private static void writeAttributes(ByteSink out, List<Attribute> attributes) {
        out.writeVarLong(attributes.size());
        for (Attribute attribute : attributes) {
            out.writeString(attribute.key());
            writeValue(out, attribute.value());
        }
    }

    private static void writeValue(ByteSink out, AttributeValue value) {
        if (value instanceof AttributeValue.StringValue s) {
            out.writeByte(T_STRING);
            out.writeString(s.value());
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
                writeValue(out, element);
            }
        } else if (value instanceof AttributeValue.MapValue m) {
            out.writeByte(T_MAP);
            writeAttributes(out, m.entries());
        } else {
            out.writeByte(T_EMPTY);
        }
    }

    private static List<Attribute> readAttributes(ByteSource in) {
        long count = in.readVarLong();
        if (count == 0) {
            return List.of();
        }
        List<Attribute> out = new ArrayList<>((int) Math.min(count, 1024));
        for (long i = 0; i < count; i++) {
            out.add(new Attribute(in.readString(), readValue(in)));
        }
        return out;
    }

    private static AttributeValue readValue(ByteSource in) {
        int type = in.readByte();
        switch (type) {
            case T_STRING: return AttributeValue.of(in.readString());
            case T_BOOL_FALSE: return AttributeValue.of(false);
            case T_BOOL_TRUE: return AttributeValue.of(true);
            case T_INT64: return AttributeValue.of(in.readSignedVarLong());
            case T_FLOAT64: return AttributeValue.of(Double.longBitsToDouble(in.readFixed64()));
            case T_BINARY: return AttributeValue.of(in.readBytes());
            case T_ARRAY: {
                long count = in.readVarLong();
                List<AttributeValue> values = new ArrayList<>((int) Math.min(count, 1024));
                for (long i = 0; i < count; i++) {
                    values.add(readValue(in));
                }
                return new AttributeValue.ArrayValue(values);
            }
            case T_MAP: return new AttributeValue.MapValue(readAttributes(in));
            case T_EMPTY: return AttributeValue.Empty.INSTANCE;
            default: throw new IllegalStateException("unknown attribute type " + type);
        }
    }
}

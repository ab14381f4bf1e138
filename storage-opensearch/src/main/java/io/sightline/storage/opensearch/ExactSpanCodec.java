package io.sightline.storage.opensearch;

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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole span, byte for byte, kept beside Jaeger's fields in each document: Jaeger's layout
 * has no place for sub-microsecond times, trace state, typed array, map and empty values, link
 * attributes or the scope, and reading it back would lose them. Version byte first, then the
 * fields in model order; strings as length-prefixed UTF-8, doubles as raw bits (NaN and -0.0
 * survive).
 */
final class ExactSpanCodec {
    private static final int VERSION = 1;

    private ExactSpanCodec() {}

    static byte[] encode(Span span) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeTraceId(out, span.traceId());
            out.writeLong(span.spanId());
            out.writeLong(span.parentSpanId());
            writeString(out, span.traceState());
            out.writeInt(span.flags());
            writeString(out, span.name());
            out.writeByte(span.kind().ordinal());
            out.writeLong(span.startEpochNanos());
            out.writeLong(span.durationNanos());
            writeAttributes(out, span.attributes());
            out.writeInt(span.events().size());
            for (SpanEvent event : span.events()) {
                out.writeLong(event.epochNanos());
                writeString(out, event.name());
                writeAttributes(out, event.attributes());
            }
            out.writeInt(span.links().size());
            for (SpanLink link : span.links()) {
                writeTraceId(out, link.traceId());
                out.writeLong(link.spanId());
                writeString(out, link.traceState());
                writeAttributes(out, link.attributes());
            }
            out.writeByte(span.statusCode().ordinal());
            writeString(out, span.statusMessage());
            writeString(out, span.resource().serviceName());
            writeAttributes(out, span.resource().attributes());
            writeString(out, span.scope().name());
            writeString(out, span.scope().version());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when {@code bytes} is not one encoded span */
    static Span decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("span encoding version " + version + " (expected: " + VERSION + ")");
            }
            Span.Builder span = Span.builder()
                    .traceId(readTraceId(in))
                    .spanId(in.readLong())
                    .parentSpanId(in.readLong())
                    .traceState(readString(in))
                    .flags(in.readInt())
                    .name(readString(in))
                    .kind(SpanKind.values()[in.readUnsignedByte()])
                    .startEpochNanos(in.readLong())
                    .durationNanos(in.readLong())
                    .attributes(readAttributes(in));
            int events = in.readInt();
            List<SpanEvent> eventList = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                eventList.add(new SpanEvent(in.readLong(), readString(in), readAttributes(in)));
            }
            int links = in.readInt();
            List<SpanLink> linkList = new ArrayList<>(links);
            for (int i = 0; i < links; i++) {
                linkList.add(new SpanLink(readTraceId(in), in.readLong(), readString(in), readAttributes(in)));
            }
            StatusCode status = StatusCode.values()[in.readUnsignedByte()];
            String statusMessage = readString(in);
            Resource resource = new Resource(readString(in), readAttributes(in));
            InstrumentationScope scope = new InstrumentationScope(readString(in), readString(in));
            if (in.available() != 0) {
                throw new IllegalArgumentException(in.available() + " bytes after the span");
            }
            return span.events(eventList).links(linkList).status(status, statusMessage).resource(resource)
                    .scope(scope).build();
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("corrupt span encoding: " + e, e);
        }
    }

    private static void writeTraceId(DataOutputStream out, TraceId traceId) throws IOException {
        out.writeLong(traceId.high());
        out.writeLong(traceId.low());
    }

    private static TraceId readTraceId(DataInputStream in) throws IOException {
        return TraceId.of(in.readLong(), in.readLong());
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("length " + length + " past the end");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static void writeAttributes(DataOutputStream out, List<Attribute> attributes) throws IOException {
        out.writeInt(attributes.size());
        for (Attribute attribute : attributes) {
            writeString(out, attribute.key());
            writeValue(out, attribute.value());
        }
    }

    private static List<Attribute> readAttributes(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IOException("attribute count " + count + " past the end");
        }
        List<Attribute> attributes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            attributes.add(new Attribute(readString(in), readValue(in)));
        }
        return attributes;
    }

    private static void writeValue(DataOutputStream out, AttributeValue value) throws IOException {
        out.writeByte(value.type().ordinal());
        if (value instanceof AttributeValue.StringValue s) {
            writeString(out, s.value());
        } else if (value instanceof AttributeValue.BoolValue b) {
            out.writeBoolean(b.value());
        } else if (value instanceof AttributeValue.LongValue l) {
            out.writeLong(l.value());
        } else if (value instanceof AttributeValue.DoubleValue d) {
            out.writeLong(Double.doubleToRawLongBits(d.value()));
        } else if (value instanceof AttributeValue.BytesValue b) {
            out.writeInt(b.value().length);
            out.write(b.value());
        } else if (value instanceof AttributeValue.ArrayValue a) {
            out.writeInt(a.values().size());
            for (AttributeValue element : a.values()) {
                writeValue(out, element);
            }
        } else if (value instanceof AttributeValue.MapValue m) {
            writeAttributes(out, m.entries());
        }
        // Empty: the type alone.
    }

    private static AttributeValue readValue(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        switch (io.sightline.core.model.AttributeType.values()[type]) {
            case STRING:
                return AttributeValue.of(readString(in));
            case BOOL:
                return AttributeValue.of(in.readBoolean());
            case INT64:
                return AttributeValue.of(in.readLong());
            case FLOAT64:
                return AttributeValue.of(Double.longBitsToDouble(in.readLong()));
            case BINARY:
                return AttributeValue.of(readBytes(in));
            case ARRAY: {
                int count = in.readInt();
                if (count < 0 || count > in.available()) {
                    throw new IOException("array length " + count + " past the end");
                }
                List<AttributeValue> values = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    values.add(readValue(in));
                }
                return new AttributeValue.ArrayValue(values);
            }
            case MAP:
                return new AttributeValue.MapValue(readAttributes(in));
            case EMPTY:
            default:
                return AttributeValue.Empty.INSTANCE;
        }
    }
}

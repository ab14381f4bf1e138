package io.sightline.query;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import java.io.IOException;

/** Writes Jaeger UI {@code KeyValue}s: {@code {"key","type","value"}}, in Go's field order. */
final class KeyValueJson {
    /** Beyond ±(2^53 − 1) a JavaScript number loses precision, so such values go out as strings. */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private KeyValueJson() {}

    static void write(JsonGenerator g, Attribute attribute) throws IOException {
        write(g, attribute.key(), attribute.value());
    }

    static void write(JsonGenerator g, String key, AttributeValue value) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", key);
        if (value instanceof AttributeValue.StringValue s) {
            g.writeStringField("type", "string");
            g.writeStringField("value", s.value());
        } else if (value instanceof AttributeValue.BoolValue b) {
            g.writeStringField("type", "bool");
            g.writeBooleanField("value", b.value());
        } else if (value instanceof AttributeValue.LongValue l) {
            g.writeStringField("type", "int64");
            writeInt64(g, l.value());
        } else if (value instanceof AttributeValue.DoubleValue d) {
            g.writeStringField("type", "float64");
            writeFloat64(g, d.value());
        } else if (value instanceof AttributeValue.BytesValue b) {
            g.writeStringField("type", "binary");
            g.writeStringField("value", b.base64());
        } else {
            // Arrays and maps as their JSON text, empty as "": what Jaeger's OTLP translator stores.
            g.writeStringField("type", "string");
            g.writeStringField("value", value.asString());
        }
        g.writeEndObject();
    }

    static void writeString(JsonGenerator g, String key, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeStringField("type", "string");
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    static void writeBool(JsonGenerator g, String key, boolean value) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeStringField("type", "bool");
        g.writeBooleanField("value", value);
        g.writeEndObject();
    }

    private static void writeInt64(JsonGenerator g, long value) throws IOException {
        g.writeFieldName("value");
        if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) {
            g.writeString(Long.toString(value));
        } else {
            g.writeNumber(value);
        }
    }

    private static void writeFloat64(JsonGenerator g, double value) throws IOException {
        g.writeFieldName("value");
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            // Not representable as a JSON number; Go would fail the whole response here.
            g.writeString(AttributeValue.of(value).asString());
        } else {
            g.writeNumber(GoJsonFloat.format(value));
        }
    }
}

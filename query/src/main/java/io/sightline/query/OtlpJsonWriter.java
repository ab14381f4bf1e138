package io.sightline.query;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.HexIds;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Spans as OTLP/JSON {@code TracesData}, as the api_v3 endpoints answer: hex IDs, integer enums,
 * nanosecond times as decimal strings, empty fields left out; grouped as {@link OtlpSpanMapping} says.
 */
final class OtlpJsonWriter {
    private OtlpJsonWriter() {}

    /** Writes {@code {"resourceSpans":[…]}} for every span given, across traces. */
    static void writeTracesData(JsonGenerator g, List<Span> spans) throws IOException {
        Map<Resource, Map<InstrumentationScope, List<Span>>> grouped = OtlpSpanMapping.group(spans, span -> span);
        g.writeStartObject();
        g.writeArrayFieldStart("resourceSpans");
        for (Map.Entry<Resource, Map<InstrumentationScope, List<Span>>> resource : grouped.entrySet()) {
            g.writeStartObject();
            g.writeObjectFieldStart("resource");
            g.writeArrayFieldStart("attributes");
            for (Attribute attribute : OtlpSpanMapping.resourceAttributes(resource.getKey())) {
                writeKeyValue(g, attribute.key(), attribute.value());
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("scopeSpans");
            for (Map.Entry<InstrumentationScope, List<Span>> scope : resource.getValue().entrySet()) {
                g.writeStartObject();
                g.writeObjectFieldStart("scope");
                if (!scope.getKey().name().isEmpty()) {
                    g.writeStringField("name", scope.getKey().name());
                }
                if (!scope.getKey().version().isEmpty()) {
                    g.writeStringField("version", scope.getKey().version());
                }
                g.writeEndObject();
                g.writeArrayFieldStart("spans");
                for (Span span : scope.getValue()) {
                    writeSpan(g, span);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeSpan(JsonGenerator g, Span span) throws IOException {
        g.writeStartObject();
        g.writeStringField("traceId", span.traceId().toHex32());
        g.writeStringField("spanId", HexIds.toHex16(span.spanId()));
        if (!span.traceState().isEmpty()) {
            g.writeStringField("traceState", span.traceState());
        }
        if (span.parentSpanId() != 0) {
            g.writeStringField("parentSpanId", HexIds.toHex16(span.parentSpanId()));
        }
        if (span.flags() != 0) {
            g.writeNumberField("flags", span.flags());
        }
        g.writeStringField("name", span.name());
        if (OtlpSpanMapping.kindNumber(span) != 0) {
            g.writeNumberField("kind", OtlpSpanMapping.kindNumber(span));
        }
        g.writeStringField("startTimeUnixNano", Long.toUnsignedString(span.startEpochNanos()));
        g.writeStringField("endTimeUnixNano", Long.toUnsignedString(OtlpSpanMapping.endEpochNanos(span)));
        writeAttributes(g, span.attributes());
        if (!span.events().isEmpty()) {
            g.writeArrayFieldStart("events");
            for (SpanEvent event : span.events()) {
                g.writeStartObject();
                g.writeStringField("timeUnixNano", Long.toUnsignedString(event.epochNanos()));
                if (!event.name().isEmpty()) {
                    g.writeStringField("name", event.name());
                }
                writeAttributes(g, event.attributes());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!span.links().isEmpty()) {
            g.writeArrayFieldStart("links");
            for (SpanLink link : span.links()) {
                g.writeStartObject();
                g.writeStringField("traceId", link.traceId().toHex32());
                g.writeStringField("spanId", HexIds.toHex16(link.spanId()));
                if (!link.traceState().isEmpty()) {
                    g.writeStringField("traceState", link.traceState());
                }
                writeAttributes(g, link.attributes());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (span.statusCode() != StatusCode.UNSET || !span.statusMessage().isEmpty()) {
            g.writeObjectFieldStart("status");
            if (!span.statusMessage().isEmpty()) {
                g.writeStringField("message", span.statusMessage());
            }
            if (span.statusCode() != StatusCode.UNSET) {
                g.writeNumberField("code", OtlpSpanMapping.statusCodeNumber(span));
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeAttributes(JsonGenerator g, List<Attribute> attributes) throws IOException {
        if (attributes.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("attributes");
        for (Attribute attribute : attributes) {
            writeKeyValue(g, attribute.key(), attribute.value());
        }
        g.writeEndArray();
    }

    private static void writeKeyValue(JsonGenerator g, String key, AttributeValue value) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeFieldName("value");
        writeAnyValue(g, value);
        g.writeEndObject();
    }

    private static void writeAnyValue(JsonGenerator g, AttributeValue value) throws IOException {
        g.writeStartObject();
        if (value instanceof AttributeValue.StringValue s) {
            g.writeStringField("stringValue", s.value());
        } else if (value instanceof AttributeValue.BoolValue b) {
            g.writeBooleanField("boolValue", b.value());
        } else if (value instanceof AttributeValue.LongValue l) {
            g.writeStringField("intValue", Long.toString(l.value()));
        } else if (value instanceof AttributeValue.DoubleValue d) {
            g.writeFieldName("doubleValue");
            if (Double.isFinite(d.value())) {
                g.writeNumber(d.value());
            } else {
                g.writeString(Double.isNaN(d.value()) ? "NaN" : d.value() > 0 ? "Infinity" : "-Infinity");
            }
        } else if (value instanceof AttributeValue.BytesValue bytes) {
            g.writeStringField("bytesValue", Base64.getEncoder().encodeToString(bytes.value()));
        } else if (value instanceof AttributeValue.ArrayValue array) {
            g.writeObjectFieldStart("arrayValue");
            g.writeArrayFieldStart("values");
            for (AttributeValue element : array.values()) {
                writeAnyValue(g, element);
            }
            g.writeEndArray();
            g.writeEndObject();
        } else if (value instanceof AttributeValue.MapValue map) {
            g.writeObjectFieldStart("kvlistValue");
            g.writeArrayFieldStart("values");
            for (Attribute entry : map.entries()) {
                writeKeyValue(g, entry.key(), entry.value());
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}

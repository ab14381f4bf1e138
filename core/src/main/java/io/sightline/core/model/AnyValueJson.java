package io.sightline.core.model;

/**
 * Renders array and map attribute values as compact JSON, the way Jaeger shows OTLP's
 * structured values as string tags.
 */
final class AnyValueJson {
    private AnyValueJson() {}

    static String render(AttributeValue value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, AttributeValue value) {
        if (value instanceof AttributeValue.StringValue s) {
            appendString(out, s.value());
        } else if (value instanceof AttributeValue.BoolValue b) {
            out.append(b.value());
        } else if (value instanceof AttributeValue.LongValue l) {
            out.append(l.value());
        } else if (value instanceof AttributeValue.DoubleValue d) {
            appendDouble(out, d.value());
        } else if (value instanceof AttributeValue.BytesValue b) {
            appendString(out, b.base64());
        } else if (value instanceof AttributeValue.ArrayValue a) {
            out.append('[');
            for (int i = 0; i < a.values().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(out, a.values().get(i));
            }
            out.append(']');
        } else if (value instanceof AttributeValue.MapValue m) {
            out.append('{');
            for (int i = 0; i < m.entries().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Attribute entry = m.entries().get(i);
                appendString(out, entry.key());
                out.append(':');
                append(out, entry.value());
            }
            out.append('}');
        } else {
            out.append("null");
        }
    }

    private static void appendDouble(StringBuilder out, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            appendString(out, FloatFormat.tenSignificantDigits(value));
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
    }

    static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

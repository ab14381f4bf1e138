package io.sightline.spm;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Writes a {@link MetricFamily} as Jaeger does (gogo {@code jsonpb}, camelCase): numbers as Go
 * prints them, NaN and infinities as the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}, timestamps in RFC 3339 UTC with 0, 3, 6 or 9 fraction digits.
 */
final class MetricFamilyJson {
    private MetricFamilyJson() {}

    static void write(JsonGenerator g, MetricFamily family) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", family.name());
        g.writeStringField("type", "GAUGE");
        g.writeStringField("help", family.help());
        g.writeArrayFieldStart("metrics");
        for (MetricFamily.Metric metric : family.metrics()) {
            g.writeStartObject();
            g.writeArrayFieldStart("labels");
            for (MetricFamily.Label label : metric.labels()) {
                g.writeStartObject();
                g.writeStringField("name", label.name());
                g.writeStringField("value", label.value());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("metricPoints");
            for (MetricFamily.Point point : metric.points()) {
                g.writeStartObject();
                g.writeObjectFieldStart("gaugeValue");
                g.writeFieldName("doubleValue");
                writeDouble(g, point.value());
                g.writeEndObject();
                g.writeStringField("timestamp", timestamp(point.epochMs()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void writeDouble(JsonGenerator g, double value) throws IOException {
        if (Double.isNaN(value)) {
            g.writeString("NaN");
        } else if (Double.isInfinite(value)) {
            g.writeString(value > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(goFloat(value));
        }
    }

    /** Go's {@code encoding/json} float64: shortest round-trip digits, exponent outside [1e-6, 1e21). */
    static String goFloat(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double abs = Math.abs(value);
        if (abs >= 1e-6 && abs < 1e21) {
            return shortest.toPlainString();
        }
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        StringBuilder out = new StringBuilder();
        if (value < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        if (exponent > 0 && exponent < 10) {
            out.append('0');
        }
        return out.append(Math.abs(exponent)).toString();
    }

    /** {@code 2023-11-14T22:13:20Z}, {@code 2023-11-14T22:14:20.500Z}. */
    static String timestamp(long epochMs) {
        Instant instant = Instant.ofEpochMilli(epochMs);
        String text = instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        int millis = (int) Math.floorMod(epochMs, 1000L);
        if (millis == 0) {
            return text;
        }
        return text.substring(0, text.length() - 1) + String.format(".%03dZ", millis);
    }
}

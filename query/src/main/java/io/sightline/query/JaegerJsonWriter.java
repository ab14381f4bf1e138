package io.sightline.query;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sightline.core.model.HexIds;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.Trace;
import java.io.IOException;
import java.util.List;

/**
 * Writes a trace as the Jaeger UI JSON of {@code /api/traces} (Jaeger's {@code model/json}),
 * with the tags, references and log fields of {@link JaegerSpanMapping}. Streaming only: a 100k-span trace is never held as a tree.
 */
public final class JaegerJsonWriter {
    private JaegerJsonWriter() {}

    /**
     * Writes one trace object as the v1 API shows it by default, with the JSON-level adjustments
     * applied (see {@link #writeTrace(JsonGenerator, AdjustableTrace, boolean)}) and no warnings.
     */
    public static void writeTrace(JsonGenerator g, Trace trace) throws IOException {
        requireNonNull(trace, "trace");
        writeTrace(g, AdjustableTrace.of(trace), true);
    }

    /**
     * Writes one trace object: {@code traceID} (from the first span), {@code spans} in the given
     * order with their warnings, {@code processes} and {@code warnings}.
     *
     * @param adjusted Jaeger's adjusters that only change how a span is shown: instrumentation
     *     scope as process tags (else span tags), process tags sorted by key, numeric
     *     {@code ip}/{@code peer.ipv4} as dotted quads, log fields sorted with {@code event}
     *     first. The parent reference comes first either way: the model keeps the parent apart
     *     from the links, so there is no other order to show.
     */
    static void writeTrace(JsonGenerator g, AdjustableTrace trace, boolean adjusted) throws IOException {
        requireNonNull(g, "g");
        requireNonNull(trace, "trace");
        ProcessTable processes = new ProcessTable(adjusted);
        g.writeStartObject();
        g.writeStringField("traceID", trace.span(0).traceId().toHex());
        g.writeArrayFieldStart("spans");
        for (int i = 0; i < trace.size(); i++) {
            Span span = trace.span(i);
            writeSpan(g, span, processes.keyFor(span), trace.warnings(i), adjusted);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("processes");
        processes.writeFields(g);
        g.writeEndObject();
        g.writeNullField("warnings");
        g.writeEndObject();
    }

    private static void writeSpan(JsonGenerator g, Span span, String processId, List<String> warnings,
                                  boolean adjusted) throws IOException {
        g.writeStartObject();
        g.writeStringField("traceID", span.traceId().toHex());
        g.writeStringField("spanID", HexIds.toHex16(span.spanId()));
        if (span.flags() != 0) {
            g.writeNumberField("flags", Integer.toUnsignedLong(span.flags()));
        }
        g.writeStringField("operationName", span.name());
        writeReferences(g, span);
        g.writeNumberField("startTime", span.startEpochMicros());
        g.writeNumberField("duration", span.durationMicros());
        writeTags(g, span, adjusted);
        writeLogs(g, span, adjusted);
        g.writeStringField("processID", processId);
        if (warnings.isEmpty()) {
            g.writeNullField("warnings");
        } else {
            g.writeArrayFieldStart("warnings");
            for (String warning : warnings) {
                g.writeString(warning);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeReferences(JsonGenerator g, Span span) throws IOException {
        g.writeArrayFieldStart("references");
        JaegerSpanMapping.forEachReference(span, (childOf, traceId, spanId) -> {
            g.writeStartObject();
            g.writeStringField("refType", childOf ? "CHILD_OF" : "FOLLOWS_FROM");
            g.writeStringField("traceID", traceId.toHex());
            g.writeStringField("spanID", HexIds.toHex16(spanId));
            g.writeEndObject();
        });
        g.writeEndArray();
    }

    private static void writeTags(JsonGenerator g, Span span, boolean adjusted) throws IOException {
        g.writeArrayFieldStart("tags");
        JaegerSpanMapping.forEachTag(span, adjusted, (key, value) -> KeyValueJson.write(g, key, value));
        g.writeEndArray();
    }

    private static void writeLogs(JsonGenerator g, Span span, boolean adjusted) throws IOException {
        g.writeArrayFieldStart("logs");
        for (SpanEvent event : span.events()) {
            g.writeStartObject();
            g.writeNumberField("timestamp", event.epochNanos() / 1_000);
            g.writeArrayFieldStart("fields");
            JaegerSpanMapping.forEachLogField(event, adjusted, (key, value) -> KeyValueJson.write(g, key, value));
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}

package io.sightline.query;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.HexIds;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.Trace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a trace as the Jaeger UI JSON of {@code /api/traces} (Jaeger's {@code model/json}),
 * with the tags Jaeger's OTLP translator derives from span kind, status and trace state, and
 * the parent reference first. Streaming only: a 100k-span trace is never held as a tree.
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

    /** The parent as CHILD_OF first (what the UI and Grafana take as the parent), then links. */
    private static void writeReferences(JsonGenerator g, Span span) throws IOException {
        g.writeArrayFieldStart("references");
        if (!span.isRoot()) {
            writeReference(g, "CHILD_OF", span.traceId().toHex(), span.parentSpanId());
        }
        for (SpanLink link : span.links()) {
            writeReference(g, link.isChildOf() ? "CHILD_OF" : "FOLLOWS_FROM",
                    link.traceId().toHex(), link.spanId());
        }
        g.writeEndArray();
    }

    private static void writeReference(JsonGenerator g, String refType, String traceIdHex, long spanId)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("refType", refType);
        g.writeStringField("traceID", traceIdHex);
        g.writeStringField("spanID", HexIds.toHex16(spanId));
        g.writeEndObject();
    }

    /** Attributes, then the tags Jaeger's OTLP translator adds, in its order. */
    private static void writeTags(JsonGenerator g, Span span, boolean adjusted) throws IOException {
        g.writeArrayFieldStart("tags");
        for (Attribute attribute : span.attributes()) {
            KeyValueJson.write(g, adjusted ? ProcessTable.dottedIp(attribute, IpTags.PEER_IPV4_KEY) : attribute);
        }
        if (span.kind() != SpanKind.UNSPECIFIED) {
            KeyValueJson.writeString(g, "span.kind", span.kind().jaegerName());
        }
        if (span.statusCode() == StatusCode.OK) {
            KeyValueJson.writeString(g, "otel.status_code", "OK");
        } else if (span.statusCode() == StatusCode.ERROR) {
            KeyValueJson.writeString(g, "otel.status_code", "ERROR");
            KeyValueJson.writeBool(g, "error", true);
        }
        if (!span.statusMessage().isEmpty()) {
            KeyValueJson.writeString(g, "otel.status_description", span.statusMessage());
        }
        if (!span.traceState().isEmpty()) {
            KeyValueJson.writeString(g, "w3c.tracestate", span.traceState());
        }
        if (!adjusted) {
            // Where Jaeger's translator puts the scope before its OTel adjuster moves it to the process.
            if (!span.scope().name().isEmpty()) {
                KeyValueJson.writeString(g, ProcessTable.SCOPE_NAME_KEY, span.scope().name());
            }
            if (!span.scope().version().isEmpty()) {
                KeyValueJson.writeString(g, ProcessTable.SCOPE_VERSION_KEY, span.scope().version());
            }
        }
        g.writeEndArray();
    }

    private static void writeLogs(JsonGenerator g, Span span, boolean adjusted) throws IOException {
        g.writeArrayFieldStart("logs");
        for (SpanEvent event : span.events()) {
            g.writeStartObject();
            g.writeNumberField("timestamp", event.epochNanos() / 1_000);
            g.writeArrayFieldStart("fields");
            if (!event.name().isEmpty()) {
                KeyValueJson.writeString(g, "event", event.name());
            }
            List<Attribute> fields = event.attributes();
            if (adjusted && fields.size() > 1) {
                // Jaeger's log-field sorter: event first (written above), the rest by key.
                fields = new ArrayList<>(fields);
                fields.sort(Comparator.comparing(Attribute::key));
            }
            for (Attribute attribute : fields) {
                KeyValueJson.write(g, attribute);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}

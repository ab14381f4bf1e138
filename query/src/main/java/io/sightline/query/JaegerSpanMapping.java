package io.sightline.query;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a span of the model becomes a Jaeger span, whatever the encoding (the UI's JSON, api_v2
 * protobuf): which tags it carries and in what order, its references, its log fields. The
 * writers only encode what this hands them, so the JSON and gRPC answers cannot drift apart.
 * Callbacks rather than lists: a 100k-span trace is written without a tag list per span.
 */
final class JaegerSpanMapping {
    private JaegerSpanMapping() {}

    /** Receives tags (or log fields) in order. */
    @FunctionalInterface
    interface TagSink {
        void tag(String key, AttributeValue value) throws IOException;
    }

    /** Receives references in order. */
    @FunctionalInterface
    interface ReferenceSink {
        void reference(boolean childOf, TraceId traceId, long spanId) throws IOException;
    }

    /**
     * The span's attributes, then the tags Jaeger's OTLP translator derives, in its order:
     * {@code span.kind}, {@code otel.status_code} (and {@code error=true} for errors),
     * {@code otel.status_description}, {@code w3c.tracestate}; with {@code adjusted} false the
     * instrumentation scope too, where the translator puts it before the OTel adjuster moves it
     * to the process (see {@link ProcessTable}).
     *
     * @param adjusted numeric {@code peer.ipv4} as a dotted quad, scope on the process
     */
    static void forEachTag(Span span, boolean adjusted, TagSink sink) throws IOException {
        for (Attribute attribute : span.attributes()) {
            Attribute shown = adjusted ? ProcessTable.dottedIp(attribute, IpTags.PEER_IPV4_KEY) : attribute;
            sink.tag(shown.key(), shown.value());
        }
        if (span.kind() != SpanKind.UNSPECIFIED) {
            sink.tag("span.kind", AttributeValue.of(span.kind().jaegerName()));
        }
        if (span.statusCode() == StatusCode.OK) {
            sink.tag("otel.status_code", AttributeValue.of("OK"));
        } else if (span.statusCode() == StatusCode.ERROR) {
            sink.tag("otel.status_code", AttributeValue.of("ERROR"));
            sink.tag("error", AttributeValue.of(true));
        }
        if (!span.statusMessage().isEmpty()) {
            sink.tag("otel.status_description", AttributeValue.of(span.statusMessage()));
        }
        if (!span.traceState().isEmpty()) {
            sink.tag("w3c.tracestate", AttributeValue.of(span.traceState()));
        }
        if (!adjusted) {
            if (!span.scope().name().isEmpty()) {
                sink.tag(ProcessTable.SCOPE_NAME_KEY, AttributeValue.of(span.scope().name()));
            }
            if (!span.scope().version().isEmpty()) {
                sink.tag(ProcessTable.SCOPE_VERSION_KEY, AttributeValue.of(span.scope().version()));
            }
        }
    }

    /**
     * The parent as {@code CHILD_OF} first (what the UI and Grafana take as the parent), then the
     * links. The model keeps the parent apart from the links, so there is no other order to show.
     */
    static void forEachReference(Span span, ReferenceSink sink) throws IOException {
        if (!span.isRoot()) {
            sink.reference(true, span.traceId(), span.parentSpanId());
        }
        for (SpanLink link : span.links()) {
            sink.reference(link.isChildOf(), link.traceId(), link.spanId());
        }
    }

    /**
     * A log's fields: the event name as {@code event} first, then the attributes; with
     * {@code adjusted}, sorted by key as Jaeger's log-field sorter does.
     */
    static void forEachLogField(SpanEvent event, boolean adjusted, TagSink sink) throws IOException {
        if (!event.name().isEmpty()) {
            sink.tag("event", AttributeValue.of(event.name()));
        }
        List<Attribute> fields = event.attributes();
        if (adjusted && fields.size() > 1) {
            fields = new ArrayList<>(fields);
            fields.sort(Comparator.comparing(Attribute::key));
        }
        for (Attribute attribute : fields) {
            sink.tag(attribute.key(), attribute.value());
        }
    }
}

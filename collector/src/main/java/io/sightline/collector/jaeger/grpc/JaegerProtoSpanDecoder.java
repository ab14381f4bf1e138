package io.sightline.collector.jaeger.grpc;

import io.opentelemetry.exporter.jaeger.proto.api_v2.Collector.PostSpansRequest;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Jaeger api_v2 {@code Batch} (as sent to {@code CollectorService/PostSpans}) into model
 * spans. The mapping is the inverse of the Jaeger query writer's, so that what a Jaeger client
 * sends is what the Jaeger UI shows:
 * <ul>
 *   <li>the first same-trace CHILD_OF reference is the parent; every other reference is a link
 *       whose {@value SpanLink#REF_TYPE_KEY} attribute keeps its type;
 *   <li>{@code span.kind}, {@code error}, {@code otel.status_code}, {@code otel.status_description}
 *       and {@code w3c.tracestate} tags become fields (see {@link SpanTagFields});
 *   <li>a log's string {@code event} field becomes the event name;
 *   <li>times are truncated to the microseconds Jaeger stores.
 * </ul>
 * Span {@code warnings} are dropped: the model has no place for them, and Jaeger's own warnings
 * are added by the query adjusters, not by clients. The whole batch is validated before anything
 * is returned, so one bad span rejects the request and nothing of it is stored.
 */
public final class JaegerProtoSpanDecoder {
    private static final List<Attribute> CHILD_OF_LINK = List.of(Attribute.of(SpanLink.REF_TYPE_KEY, "child_of"));
    private static final List<Attribute> FOLLOWS_FROM_LINK = List.of(Attribute.of(SpanLink.REF_TYPE_KEY, "follows_from"));
    /** Jaeger's log field that the query writer renders the event name as. */
    static final String EVENT_FIELD_KEY = "event";

    private JaegerProtoSpanDecoder() {}

    /**
     * @throws InvalidSpansException naming the first invalid field found, e.g.
     *     {@code batch.spans[3].trace_id: expected 16 bytes (or 8 for a 64-bit ID), got 5}
     */
    public static List<Span> decode(PostSpansRequest request) {
        return decode(request.getBatch());
    }

    /** @throws InvalidSpansException naming the first invalid field found */
    public static List<Span> decode(Model.Batch batch) {
        BatchProcesses processes = new BatchProcesses(batch);
        List<Span> out = new ArrayList<>(batch.getSpansCount());
        for (int i = 0; i < batch.getSpansCount(); i++) {
            String path = "batch.spans[" + i + "]";
            Model.Span span = batch.getSpans(i);
            out.add(decodeSpan(span, processes.resourceOf(span, path), path));
        }
        return out;
    }

    private static Span decodeSpan(Model.Span span, Resource resource, String path) {
        TraceId traceId = JaegerProtoIds.nonZeroTraceId(span.getTraceId(), path + ".trace_id");
        Span.Builder builder = Span.builder()
                .traceId(traceId)
                .spanId(JaegerProtoIds.nonZeroSpanId(span.getSpanId(), path + ".span_id"))
                .flags(span.getFlags())
                .name(span.getOperationName())
                .startEpochNanos(JaegerProtoTimes.epochNanos(span.getStartTime(), path + ".start_time"))
                .durationNanos(JaegerProtoTimes.durationNanos(span.getDuration(), path + ".duration"))
                .resource(resource);
        addReferences(builder, traceId, span.getReferencesList(), path);
        SpanTagFields tagFields = SpanTagFields.extract(JaegerProtoTags.decode(span.getTagsList(), path + ".tags"));
        builder.kind(tagFields.kind())
                .status(tagFields.statusCode(), tagFields.statusMessage())
                .traceState(tagFields.traceState())
                .attributes(tagFields.otherTags());
        for (int l = 0; l < span.getLogsCount(); l++) {
            builder.addEvent(decodeLog(span.getLogs(l), path + ".logs[" + l + "]"));
        }
        return builder.build();
    }

    private static void addReferences(Span.Builder builder, TraceId traceId, List<Model.SpanRef> references, String path) {
        long parentSpanId = 0;
        for (int r = 0; r < references.size(); r++) {
            Model.SpanRef ref = references.get(r);
            String refPath = path + ".references[" + r + "]";
            TraceId refTraceId = JaegerProtoIds.traceId(ref.getTraceId(), refPath + ".trace_id");
            long refSpanId = JaegerProtoIds.spanId(ref.getSpanId(), refPath + ".span_id");
            boolean childOf = isChildOf(ref, refPath);
            if (childOf && parentSpanId == 0 && refSpanId != 0 && refTraceId.equals(traceId)) {
                parentSpanId = refSpanId;
            } else {
                builder.addLink(new SpanLink(refTraceId, refSpanId, "", childOf ? CHILD_OF_LINK : FOLLOWS_FROM_LINK));
            }
        }
        builder.parentSpanId(parentSpanId);
    }

    private static boolean isChildOf(Model.SpanRef ref, String path) {
        switch (ref.getRefType()) {
            case CHILD_OF: return true;
            case FOLLOWS_FROM: return false;
            default:
                throw new InvalidSpansException(path + ".ref_type: unknown reference type " + ref.getRefTypeValue()
                        + " (expected: 0 CHILD_OF, 1 FOLLOWS_FROM)");
        }
    }

    /** The first non-empty string {@code event} field is the name; the writer renders it first. */
    private static SpanEvent decodeLog(Model.Log log, String path) {
        long epochNanos = JaegerProtoTimes.epochNanos(log.getTimestamp(), path + ".timestamp");
        List<Attribute> fields = JaegerProtoTags.decode(log.getFieldsList(), path + ".fields");
        for (int f = 0; f < fields.size(); f++) {
            Attribute field = fields.get(f);
            if (field.key().equals(EVENT_FIELD_KEY) && field.value() instanceof AttributeValue.StringValue name
                    && !name.value().isEmpty()) {
                List<Attribute> others = new ArrayList<>(fields);
                others.remove(f);
                return new SpanEvent(epochNanos, name.value(), others);
            }
        }
        return new SpanEvent(epochNanos, "", fields);
    }
}

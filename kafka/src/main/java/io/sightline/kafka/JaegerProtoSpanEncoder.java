package io.sightline.kafka;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.sightline.jaegerproto.JaegerKeyValues;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;

/**
 * Model span to one api_v2 {@code model.Span} with its {@code Process} embedded: the shape of a
 * Jaeger Kafka message, so Jaeger's own ingester can read what Sightline writes and the reverse.
 * It is the inverse of the collector's {@code JaegerProtoSpanDecoder}: the parent is the first
 * CHILD_OF reference, kind, status and trace state go out as the tags that decoder takes back
 * into fields, and an event's name is its log's first {@code event} field. The scope goes out as
 * {@code otel.scope.name}/{@code otel.scope.version} span tags, where Jaeger's OTLP translator
 * puts it ({@link ScopeTags} takes them back). Array, map and empty values have no Jaeger type and
 * go out as their string form, as the query API shows them.
 */
final class JaegerProtoSpanEncoder {
    static final String SPAN_KIND_KEY = "span.kind";
    static final String ERROR_KEY = "error";
    static final String STATUS_CODE_KEY = "otel.status_code";
    static final String STATUS_DESCRIPTION_KEY = "otel.status_description";
    static final String TRACE_STATE_KEY = "w3c.tracestate";
    static final String EVENT_KEY = "event";
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private JaegerProtoSpanEncoder() {}

    static Model.Span encode(Span span) {
        Model.Span.Builder out = Model.Span.newBuilder()
                .setTraceId(traceIdBytes(span.traceId()))
                .setSpanId(spanIdBytes(span.spanId()))
                .setOperationName(span.name())
                .setFlags(span.flags())
                .setStartTime(timestamp(span.startEpochNanos()))
                .setDuration(Duration.newBuilder()
                        .setSeconds(span.durationNanos() / NANOS_PER_SECOND)
                        .setNanos((int) (span.durationNanos() % NANOS_PER_SECOND)))
                .setProcess(process(span.resource()));
        if (!span.isRoot()) {
            out.addReferences(reference(span.traceId(), span.parentSpanId(), Model.SpanRefType.CHILD_OF));
        }
        for (SpanLink link : span.links()) {
            out.addReferences(reference(link.traceId(), link.spanId(),
                    link.isChildOf() ? Model.SpanRefType.CHILD_OF : Model.SpanRefType.FOLLOWS_FROM));
        }
        for (Attribute attribute : span.attributes()) {
            out.addTags(keyValue(attribute.key(), attribute.value()));
        }
        addFieldTags(out, span);
        for (SpanEvent event : span.events()) {
            Model.Log.Builder log = Model.Log.newBuilder().setTimestamp(timestamp(event.epochNanos()));
            if (!event.name().isEmpty()) {
                log.addFields(stringTag(EVENT_KEY, event.name()));
            }
            for (Attribute attribute : event.attributes()) {
                log.addFields(keyValue(attribute.key(), attribute.value()));
            }
            out.addLogs(log);
        }
        return out.build();
    }

    /** The tags Jaeger's OTLP translator derives from the span's fields, in its order. */
    private static void addFieldTags(Model.Span.Builder out, Span span) {
        if (span.kind() != SpanKind.UNSPECIFIED) {
            out.addTags(stringTag(SPAN_KIND_KEY, span.kind().jaegerName()));
        }
        if (span.statusCode() == StatusCode.OK) {
            out.addTags(stringTag(STATUS_CODE_KEY, "OK"));
        } else if (span.statusCode() == StatusCode.ERROR) {
            out.addTags(stringTag(STATUS_CODE_KEY, "ERROR"));
            out.addTags(Model.KeyValue.newBuilder().setKey(ERROR_KEY).setVType(Model.ValueType.BOOL).setVBool(true));
        }
        if (!span.statusMessage().isEmpty()) {
            out.addTags(stringTag(STATUS_DESCRIPTION_KEY, span.statusMessage()));
        }
        if (!span.traceState().isEmpty()) {
            out.addTags(stringTag(TRACE_STATE_KEY, span.traceState()));
        }
        if (!span.scope().name().isEmpty()) {
            out.addTags(stringTag(ScopeTags.SCOPE_NAME_KEY, span.scope().name()));
        }
        if (!span.scope().version().isEmpty()) {
            out.addTags(stringTag(ScopeTags.SCOPE_VERSION_KEY, span.scope().version()));
        }
    }

    private static Model.Process process(Resource resource) {
        Model.Process.Builder process = Model.Process.newBuilder().setServiceName(resource.serviceName());
        for (Attribute attribute : resource.attributes()) {
            process.addTags(keyValue(attribute.key(), attribute.value()));
        }
        return process.build();
    }

    private static Model.SpanRef reference(TraceId traceId, long spanId, Model.SpanRefType type) {
        return Model.SpanRef.newBuilder()
                .setTraceId(traceIdBytes(traceId))
                .setSpanId(spanIdBytes(spanId))
                .setRefType(type)
                .build();
    }

    private static Model.KeyValue keyValue(String key, AttributeValue value) {
        return JaegerKeyValues.of(key, value);
    }

    private static Model.KeyValue stringTag(String key, String value) {
        return Model.KeyValue.newBuilder().setKey(key).setVType(Model.ValueType.STRING).setVStr(value).build();
    }

    /** Jaeger writes every trace ID as 16 bytes; a 64-bit one has a zero high half. */
    private static ByteString traceIdBytes(TraceId traceId) {
        return ByteString.copyFrom(traceId.toBytes());
    }

    private static ByteString spanIdBytes(long spanId) {
        byte[] bytes = new byte[Long.BYTES];
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            bytes[i] = (byte) spanId;
            spanId >>>= 8;
        }
        return ByteString.copyFrom(bytes);
    }

    private static Timestamp timestamp(long epochNanos) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(epochNanos, NANOS_PER_SECOND))
                .setNanos((int) Math.floorMod(epochNanos, NANOS_PER_SECOND))
                .build();
    }
}

package io.sightline.query;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Spans as OTLP protobuf {@code TracesData}, the answer of api_v3 {@code GetTrace} and
 * {@code FindTraces} over gRPC: grouped as {@link OtlpSpanMapping} says, the fields of
 * {@link OtlpJsonWriter}'s JSON, and the adjusters' warnings in Jaeger's
 * {@code @jaeger@warnings} attribute (a string array), where Jaeger v2 keeps them.
 */
final class OtlpProtoEncoder {
    static final String WARNINGS_KEY = "@jaeger@warnings";

    private OtlpProtoEncoder() {}

    /** Spans {@code [from, to)} of the trace as one message. */
    static TracesData encode(AdjustableTrace trace, int from, int to) {
        List<Integer> indexes = IntStream.range(from, to).boxed().toList();
        TracesData.Builder out = TracesData.newBuilder();
        Map<Resource, Map<InstrumentationScope, List<Integer>>> grouped = OtlpSpanMapping.group(indexes, trace::span);
        grouped.forEach((resource, byScope) -> {
            ResourceSpans.Builder resourceSpans = out.addResourceSpansBuilder();
            OtlpSpanMapping.resourceAttributes(resource)
                    .forEach(a -> resourceSpans.getResourceBuilder().addAttributes(keyValue(a.key(), a.value())));
            byScope.forEach((scope, members) -> {
                ScopeSpans.Builder scopeSpans = resourceSpans.addScopeSpansBuilder();
                scopeSpans.getScopeBuilder().setName(scope.name()).setVersion(scope.version());
                for (int index : members) {
                    scopeSpans.addSpans(span(trace.span(index), trace.warnings(index)));
                }
            });
        });
        return out.build();
    }

    private static io.opentelemetry.proto.trace.v1.Span span(Span span, List<String> warnings) {
        io.opentelemetry.proto.trace.v1.Span.Builder out = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(traceIdBytes(span.traceId()))
                .setSpanId(spanIdBytes(span.spanId()))
                .setTraceState(span.traceState())
                .setFlags(span.flags())
                .setName(span.name())
                .setKindValue(OtlpSpanMapping.kindNumber(span))
                .setStartTimeUnixNano(span.startEpochNanos())
                .setEndTimeUnixNano(OtlpSpanMapping.endEpochNanos(span));
        if (span.parentSpanId() != 0) {
            out.setParentSpanId(spanIdBytes(span.parentSpanId()));
        }
        for (Attribute attribute : span.attributes()) {
            out.addAttributes(keyValue(attribute.key(), attribute.value()));
        }
        if (!warnings.isEmpty()) {
            AnyValue[] values = warnings.stream().map(w -> AnyValue.newBuilder().setStringValue(w).build())
                    .toArray(AnyValue[]::new);
            out.addAttributes(KeyValue.newBuilder().setKey(WARNINGS_KEY).setValue(AnyValue.newBuilder()
                    .setArrayValue(ArrayValue.newBuilder().addAllValues(List.of(values)))));
        }
        for (SpanEvent event : span.events()) {
            var builder = out.addEventsBuilder().setTimeUnixNano(event.epochNanos()).setName(event.name());
            event.attributes().forEach(a -> builder.addAttributes(keyValue(a.key(), a.value())));
        }
        for (SpanLink link : span.links()) {
            var builder = out.addLinksBuilder()
                    .setTraceId(traceIdBytes(link.traceId()))
                    .setSpanId(spanIdBytes(link.spanId()))
                    .setTraceState(link.traceState());
            link.attributes().forEach(a -> builder.addAttributes(keyValue(a.key(), a.value())));
        }
        if (span.statusCode() != StatusCode.UNSET || !span.statusMessage().isEmpty()) {
            out.setStatus(Status.newBuilder()
                    .setCodeValue(OtlpSpanMapping.statusCodeNumber(span))
                    .setMessage(span.statusMessage()));
        }
        return out.build();
    }

    static KeyValue keyValue(String key, AttributeValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(anyValue(value)).build();
    }

    private static AnyValue anyValue(AttributeValue value) {
        AnyValue.Builder out = AnyValue.newBuilder();
        if (value instanceof AttributeValue.StringValue s) {
            out.setStringValue(s.value());
        } else if (value instanceof AttributeValue.BoolValue b) {
            out.setBoolValue(b.value());
        } else if (value instanceof AttributeValue.LongValue l) {
            out.setIntValue(l.value());
        } else if (value instanceof AttributeValue.DoubleValue d) {
            out.setDoubleValue(d.value());
        } else if (value instanceof AttributeValue.BytesValue bytes) {
            out.setBytesValue(ByteString.copyFrom(bytes.value()));
        } else if (value instanceof AttributeValue.ArrayValue array) {
            ArrayValue.Builder values = out.getArrayValueBuilder();
            array.values().forEach(element -> values.addValues(anyValue(element)));
        } else if (value instanceof AttributeValue.MapValue map) {
            KeyValueList.Builder entries = out.getKvlistValueBuilder();
            map.entries().forEach(entry -> entries.addValues(keyValue(entry.key(), entry.value())));
        }
        return out.build();
    }

    /** Always 16 bytes in OTLP, 64-bit IDs zero-padded on the left. */
    static ByteString traceIdBytes(TraceId traceId) {
        return ByteString.copyFrom(traceId.toBytes());
    }

    static ByteString spanIdBytes(long spanId) {
        return ByteString.copyFrom(ByteBuffer.allocate(Long.BYTES).putLong(spanId).array());
    }
}

package io.sightline.query;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.sightline.jaegerproto.JaegerKeyValues;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.TraceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Spans of one trace as api_v2 protobuf {@code jaeger.api_v2.Span}s, the answer of the gRPC
 * {@code GetTrace} and {@code FindTraces}: the same tags, references, log fields and processes
 * as the UI's JSON ({@link JaegerSpanMapping}, {@link ProcessTable}), each span carrying its
 * process as Jaeger's gRPC handler sends it. One writer per trace: it remembers the processes.
 */
final class JaegerProtoWriter {
    private final AdjustableTrace trace;
    private final boolean adjusted;
    private final ProcessTable processes;
    private final Map<ProcessTable.Process, Model.Process> encoded = new HashMap<>();

    /** @param adjusted as for {@link JaegerJsonWriter}: the adjustments that only change how spans look */
    JaegerProtoWriter(AdjustableTrace trace, boolean adjusted) {
        this.trace = trace;
        this.adjusted = adjusted;
        this.processes = new ProcessTable(adjusted);
    }

    int size() {
        return trace.size();
    }

    /** The span at {@code index} of the trace, with its warnings. */
    Model.Span span(int index) {
        Span span = trace.span(index);
        Model.Span.Builder out = Model.Span.newBuilder()
                .setTraceId(traceIdBytes(span.traceId()))
                .setSpanId(spanIdBytes(span.spanId()))
                .setOperationName(span.name())
                .setFlags(span.flags())
                .setStartTime(timestamp(span.startEpochNanos()))
                .setDuration(duration(span.durationNanos()))
                .setProcess(process(span));
        try {
            JaegerSpanMapping.forEachReference(span, (childOf, traceId, spanId) -> out.addReferences(
                    Model.SpanRef.newBuilder()
                            .setTraceId(traceIdBytes(traceId))
                            .setSpanId(spanIdBytes(spanId))
                            .setRefType(childOf ? Model.SpanRefType.CHILD_OF : Model.SpanRefType.FOLLOWS_FROM)));
            JaegerSpanMapping.forEachTag(span, adjusted, (key, value) -> out.addTags(keyValue(key, value)));
            for (SpanEvent event : span.events()) {
                Model.Log.Builder log = Model.Log.newBuilder().setTimestamp(timestamp(event.epochNanos()));
                JaegerSpanMapping.forEachLogField(event, adjusted, (key, value) -> log.addFields(keyValue(key, value)));
                out.addLogs(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the sinks above do no I/O
        }
        out.addAllWarnings(trace.warnings(index));
        return out.build();
    }

    private Model.Process process(Span span) {
        return encoded.computeIfAbsent(processes.processOf(span), process -> {
            Model.Process.Builder out = Model.Process.newBuilder().setServiceName(process.serviceName());
            process.tags().forEach(tag -> out.addTags(keyValue(tag.key(), tag.value())));
            return out.build();
        });
    }

    /**
     * A tag as Jaeger's typed {@code KeyValue}; arrays and maps as their JSON text, the string
     * Jaeger's OTLP translator stores for them.
     */
    static Model.KeyValue keyValue(String key, AttributeValue value) {
        return JaegerKeyValues.of(key, value);
    }

    /** 16 bytes, high half first, as Jaeger's {@code TraceID} marshals; 64-bit IDs too. */
    static ByteString traceIdBytes(TraceId traceId) {
        return ByteString.copyFrom(traceId.toBytes());
    }

    static ByteString spanIdBytes(long spanId) {
        return ByteString.copyFrom(ByteBuffer.allocate(Long.BYTES).putLong(spanId).array());
    }

    static Timestamp timestamp(long epochNanos) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(epochNanos, 1_000_000_000L))
                .setNanos((int) Math.floorMod(epochNanos, 1_000_000_000L))
                .build();
    }

    static Duration duration(long nanos) {
        return Duration.newBuilder().setSeconds(nanos / 1_000_000_000L).setNanos((int) (nanos % 1_000_000_000L)).build();
    }
}

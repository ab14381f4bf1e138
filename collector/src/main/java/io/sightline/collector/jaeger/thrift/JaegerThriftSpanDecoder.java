package io.sightline.collector.jaeger.thrift;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Log;
import io.jaegertracing.thriftjava.Process;
import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a Jaeger Thrift {@link Batch} into model spans, following Jaeger's
 * {@code model/converter/thrift/jaeger/to_domain.go}: the batch process is every span's
 * resource, times are microseconds, IDs are the signed i64 halves read as unsigned. The whole
 * batch is checked before anything is returned, so one bad span rejects the batch and nothing
 * of it is stored.
 */
public final class JaegerThriftSpanDecoder {
    /** Jaeger's sanitizer replaces an empty service name with this. */
    static final String EMPTY_SERVICE_NAME = "empty-service-name";
    /** Jaeger's sanitizer names the service of a span without process this way. */
    static final String NULL_PROCESS_SERVICE_NAME = "null-process-and-service-name";
    /** A log field with this key and a string value, first among the fields, is the event name. */
    static final String EVENT_FIELD = "event";
    private static final long NANOS_PER_MICRO = 1_000;

    private JaegerThriftSpanDecoder() {}

    /**
     * @throws InvalidSpansException naming the first invalid field, e.g. {@code spans[2].spanId: must not be 0}
     */
    public static List<Span> decode(Batch batch) {
        Objects.requireNonNull(batch, "batch");
        List<io.jaegertracing.thriftjava.Span> spans = batch.getSpans();
        if (spans == null || spans.isEmpty()) {
            return List.of();
        }
        Resource resource = resource(batch.getProcess());
        List<Span> out = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            out.add(span(spans.get(i), resource, "spans[" + i + "]"));
        }
        return out;
    }

    private static Resource resource(Process process) {
        if (process == null) {
            return new Resource(NULL_PROCESS_SERVICE_NAME, List.of());
        }
        String serviceName = process.getServiceName();
        return new Resource(serviceName == null || serviceName.isEmpty() ? EMPTY_SERVICE_NAME : serviceName,
                ThriftTags.decode(process.getTags(), "process.tags"));
    }

    private static Span span(io.jaegertracing.thriftjava.Span span, Resource resource, String path) {
        if (span == null) {
            throw new InvalidSpansException(path + ": span is null");
        }
        TraceId traceId = TraceId.of(span.getTraceIdHigh(), span.getTraceIdLow());
        if (traceId.isZero()) {
            throw new InvalidSpansException(path + ": traceIdHigh and traceIdLow must not both be 0");
        }
        if (span.getSpanId() == 0) {
            throw new InvalidSpansException(path + ".spanId: must not be 0");
        }
        long startNanos = microsToNanos(span.getStartTime(), path + ".startTime");
        long durationNanos = microsToNanos(span.getDuration(), path + ".duration");
        ThriftReferences.Decoded refs = ThriftReferences.decode(traceId, span.getParentSpanId(), span.getReferences(), path);
        ConventionTags.Lifted tags = ConventionTags.lift(ThriftTags.decode(span.getTags(), path + ".tags"));
        return Span.builder()
                .traceId(traceId)
                .spanId(span.getSpanId())
                .parentSpanId(refs.parentSpanId())
                .links(refs.links())
                .traceState(tags.traceState())
                .flags(span.getFlags())
                .name(span.getOperationName() == null ? "" : span.getOperationName())
                .kind(tags.kind())
                .startEpochNanos(startNanos)
                .durationNanos(durationNanos)
                .attributes(tags.tags())
                .status(tags.status(), tags.statusMessage())
                .events(events(span.getLogs(), path + ".logs"))
                .resource(resource)
                .build();
    }

    private static List<SpanEvent> events(List<Log> logs, String path) {
        if (logs == null || logs.isEmpty()) {
            return List.of();
        }
        List<SpanEvent> out = new ArrayList<>(logs.size());
        for (int i = 0; i < logs.size(); i++) {
            Log log = logs.get(i);
            String logPath = path + "[" + i + "]";
            if (log == null) {
                throw new InvalidSpansException(logPath + ": log is null");
            }
            long epochNanos = microsToNanos(log.getTimestamp(), logPath + ".timestamp");
            List<Attribute> fields = ThriftTags.decode(log.getFields(), logPath + ".fields");
            // Only a leading event field is lifted: the query side writes the name back first,
            // so the fields come back in the order they were sent.
            if (!fields.isEmpty() && fields.get(0).key().equals(EVENT_FIELD)
                    && fields.get(0).value() instanceof AttributeValue.StringValue name && !name.value().isEmpty()) {
                out.add(new SpanEvent(epochNanos, name.value(), fields.subList(1, fields.size())));
            } else {
                out.add(new SpanEvent(epochNanos, "", fields));
            }
        }
        return out;
    }

    private static long microsToNanos(long micros, String path) {
        if (micros < 0) {
            throw new InvalidSpansException(path + ": " + micros + " µs (expected: >= 0)");
        }
        if (micros > Long.MAX_VALUE / NANOS_PER_MICRO) {
            throw new InvalidSpansException(path + ": " + micros + " µs is too large (expected: <= "
                    + Long.MAX_VALUE / NANOS_PER_MICRO + ")");
        }
        return micros * NANOS_PER_MICRO;
    }
}

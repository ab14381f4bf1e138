package io.sightline.collector.jaeger.thrift;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Log;
import io.jaegertracing.thriftjava.Process;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sightline.benchmarks.JaegerShapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;

/**
 * Encodes SDK spans as Jaeger Thrift {@code Batch} structs in the binary protocol, the body of
 * {@code POST /api/traces}, one per service.
 */
final class ThriftBatches {
  private ThriftBatches() {}

  static List<byte[]> encode(List<SpanData> spans) {
    try {
      TSerializer serializer = new TSerializer(new TBinaryProtocol.Factory());
      List<byte[]> bodies = new ArrayList<>();
      for (Map.Entry<String, List<SpanData>> service : JaegerShapes.byService(spans).entrySet()) {
        Process process = new Process(service.getKey());
        process.setTags(tags(service.getValue().get(0).getResource().getAttributes()));
        List<io.jaegertracing.thriftjava.Span> thriftSpans = new ArrayList<>();
        for (SpanData span : service.getValue()) {
          thriftSpans.add(span(span));
        }
        bodies.add(serializer.serialize(new Batch(process, thriftSpans)));
      }
      return bodies;
    } catch (TException e) {
      throw new IllegalStateException("cannot encode a Jaeger Thrift batch", e);
    }
  }

  private static io.jaegertracing.thriftjava.Span span(SpanData span) {
    SpanContext context = span.getSpanContext();
    SpanContext parent = span.getParentSpanContext();
    String traceId = context.getTraceId();
    long traceIdHigh = Long.parseUnsignedLong(traceId.substring(0, 16), 16);
    long traceIdLow = Long.parseUnsignedLong(traceId.substring(16), 16);
    long parentSpanId = parent.isValid() ? Long.parseUnsignedLong(parent.getSpanId(), 16) : 0;
    io.jaegertracing.thriftjava.Span out = new io.jaegertracing.thriftjava.Span(
        traceIdLow, traceIdHigh, Long.parseUnsignedLong(context.getSpanId(), 16), parentSpanId,
        span.getName(), context.getTraceFlags().asByte(),
        JaegerShapes.microsSinceEpoch(span.getStartEpochNanos()),
        (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000);
    if (parent.isValid()) {
      out.setReferences(List.of(new SpanRef(SpanRefType.CHILD_OF, traceIdLow, traceIdHigh, parentSpanId)));
    }
    List<Tag> tags = tags(span.getAttributes());
    String kind = JaegerShapes.kindTag(span);
    if (kind != null) {
      tags.add(new Tag("span.kind", TagType.STRING).setVStr(kind));
    }
    if (JaegerShapes.isError(span)) {
      tags.add(new Tag("error", TagType.BOOL).setVBool(true));
    }
    out.setTags(tags);
    if (!span.getEvents().isEmpty()) {
      List<Log> logs = new ArrayList<>();
      for (EventData event : span.getEvents()) {
        List<Tag> fields = tags(event.getAttributes());
        fields.add(0, new Tag("event", TagType.STRING).setVStr(event.getName()));
        logs.add(new Log(JaegerShapes.microsSinceEpoch(event.getEpochNanos()), fields));
      }
      out.setLogs(logs);
    }
    return out;
  }

  private static List<Tag> tags(Attributes attributes) {
    List<Tag> tags = new ArrayList<>(attributes.size() + 2);
    attributes.forEach((key, value) -> tags.add(tag(key, value)));
    return tags;
  }

  private static Tag tag(AttributeKey<?> key, Object value) {
    return switch (key.getType()) {
      case BOOLEAN -> new Tag(key.getKey(), TagType.BOOL).setVBool((Boolean) value);
      case LONG -> new Tag(key.getKey(), TagType.LONG).setVLong((Long) value);
      case DOUBLE -> new Tag(key.getKey(), TagType.DOUBLE).setVDouble((Double) value);
      default -> new Tag(key.getKey(), TagType.STRING).setVStr(String.valueOf(value));
    };
  }
}

package io.sightline.benchmarks;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Collector.PostSpansRequest;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Encodes SDK spans as Jaeger gRPC {@code PostSpansRequest} bodies, one per service. */
final class JaegerProtoBatches {
  private JaegerProtoBatches() {}

  static List<byte[]> encode(List<SpanData> spans) {
    List<byte[]> bodies = new ArrayList<>();
    for (Map.Entry<String, List<SpanData>> service : JaegerShapes.byService(spans).entrySet()) {
      Model.Batch.Builder batch = Model.Batch.newBuilder();
      SpanData first = service.getValue().get(0);
      batch.setProcess(Model.Process.newBuilder()
          .setServiceName(service.getKey())
          .addAllTags(tags(first.getResource().getAttributes())));
      for (SpanData span : service.getValue()) {
        batch.addSpans(span(span));
      }
      bodies.add(PostSpansRequest.newBuilder().setBatch(batch).build().toByteArray());
    }
    return bodies;
  }

  private static Model.Span span(SpanData span) {
    Model.Span.Builder out = Model.Span.newBuilder()
        .setTraceId(ByteString.copyFrom(span.getSpanContext().getTraceIdBytes()))
        .setSpanId(ByteString.copyFrom(span.getSpanContext().getSpanIdBytes()))
        .setOperationName(span.getName())
        .setFlags(span.getSpanContext().getTraceFlags().asByte())
        .setStartTime(timestamp(span.getStartEpochNanos()))
        .setDuration(duration(span.getEndEpochNanos() - span.getStartEpochNanos()))
        .addAllTags(tags(span.getAttributes()));
    SpanContext parent = span.getParentSpanContext();
    if (parent.isValid()) {
      out.addReferences(Model.SpanRef.newBuilder()
          .setTraceId(ByteString.copyFrom(parent.getTraceIdBytes()))
          .setSpanId(ByteString.copyFrom(parent.getSpanIdBytes()))
          .setRefType(Model.SpanRefType.CHILD_OF));
    }
    String kind = JaegerShapes.kindTag(span);
    if (kind != null) {
      out.addTags(string("span.kind", kind));
    }
    if (JaegerShapes.isError(span)) {
      out.addTags(Model.KeyValue.newBuilder().setKey("error").setVType(Model.ValueType.BOOL).setVBool(true));
    }
    for (EventData event : span.getEvents()) {
      out.addLogs(Model.Log.newBuilder()
          .setTimestamp(timestamp(event.getEpochNanos()))
          .addFields(string("event", event.getName()))
          .addAllFields(tags(event.getAttributes())));
    }
    return out.build();
  }

  private static List<Model.KeyValue> tags(Attributes attributes) {
    List<Model.KeyValue> tags = new ArrayList<>(attributes.size());
    attributes.forEach((key, value) -> tags.add(tag(key, value)));
    return tags;
  }

  private static Model.KeyValue tag(AttributeKey<?> key, Object value) {
    Model.KeyValue.Builder tag = Model.KeyValue.newBuilder().setKey(key.getKey());
    switch (key.getType()) {
      case BOOLEAN -> tag.setVType(Model.ValueType.BOOL).setVBool((Boolean) value);
      case LONG -> tag.setVType(Model.ValueType.INT64).setVInt64((Long) value);
      case DOUBLE -> tag.setVType(Model.ValueType.FLOAT64).setVFloat64((Double) value);
      default -> tag.setVType(Model.ValueType.STRING).setVStr(String.valueOf(value));
    }
    return tag.build();
  }

  private static Model.KeyValue string(String key, String value) {
    return Model.KeyValue.newBuilder().setKey(key).setVType(Model.ValueType.STRING).setVStr(value).build();
  }

  private static Timestamp timestamp(long epochNanos) {
    return Timestamp.newBuilder()
        .setSeconds(epochNanos / 1_000_000_000L)
        .setNanos((int) (epochNanos % 1_000_000_000L))
        .build();
  }

  private static Duration duration(long nanos) {
    return Duration.newBuilder().setSeconds(nanos / 1_000_000_000L).setNanos((int) (nanos % 1_000_000_000L)).build();
  }
}

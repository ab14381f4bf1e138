package io.sightline.collector.jaeger.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import java.nio.ByteBuffer;

/** Builders for Jaeger api_v2 messages shared by the unit and integration tests. */
final class JaegerProtoFixtures {
    static final long TRACE_HIGH = 0x0102030405060708L;
    static final long TRACE_LOW = 0x090a0b0c0d0e0f10L;
    static final ByteString TRACE_ID = ByteString.copyFrom(ByteBuffer.allocate(16).putLong(TRACE_HIGH).putLong(TRACE_LOW).array());
    /** 2023-11-14T22:13:20.123456789Z */
    static final Timestamp START = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(123_456_789).build();
    static final long START_EPOCH_NANOS_TRUNCATED_TO_MICROS = 1_700_000_000_123_456_000L;

    private JaegerProtoFixtures() {}

    static ByteString id8(long value) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(value).array());
    }

    static Model.Span.Builder span(long spanId) {
        return Model.Span.newBuilder().setTraceId(TRACE_ID).setSpanId(id8(spanId)).setOperationName("op")
                .setStartTime(START).setDuration(Duration.newBuilder().setNanos(2_000_500));
    }

    static Model.Process process(String serviceName, Model.KeyValue... tags) {
        return Model.Process.newBuilder().setServiceName(serviceName).addAllTags(java.util.List.of(tags)).build();
    }

    static Model.KeyValue str(String key, String value) {
        return Model.KeyValue.newBuilder().setKey(key).setVType(Model.ValueType.STRING).setVStr(value).build();
    }

    static Model.KeyValue bool(String key, boolean value) {
        return Model.KeyValue.newBuilder().setKey(key).setVType(Model.ValueType.BOOL).setVBool(value).build();
    }

    static Model.KeyValue int64(String key, long value) {
        return Model.KeyValue.newBuilder().setKey(key).setVType(Model.ValueType.INT64).setVInt64(value).build();
    }

    static Model.KeyValue float64(String key, double value) {
        return Model.KeyValue.newBuilder().setKey(key).setVType(Model.ValueType.FLOAT64).setVFloat64(value).build();
    }

    static Model.KeyValue binary(String key, int... value) {
        byte[] bytes = new byte[value.length];
        for (int i = 0; i < value.length; i++) {
            bytes[i] = (byte) value[i];
        }
        return Model.KeyValue.newBuilder().setKey(key).setVType(Model.ValueType.BINARY).setVBinary(ByteString.copyFrom(bytes)).build();
    }

    static Model.SpanRef ref(Model.SpanRefType type, ByteString traceId, long spanId) {
        return Model.SpanRef.newBuilder().setRefType(type).setTraceId(traceId).setSpanId(id8(spanId)).build();
    }

    static Model.Batch batch(Model.Process process, Model.Span.Builder... spans) {
        Model.Batch.Builder batch = Model.Batch.newBuilder().setProcess(process);
        for (Model.Span.Builder span : spans) {
            batch.addSpans(span);
        }
        return batch.build();
    }
}

package io.sightline.jaegerproto;

import com.google.protobuf.ByteString;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.sightline.core.model.AttributeValue;

/**
 * A model attribute as Jaeger's api_v2 {@code KeyValue}, for every writer of api_v2 messages
 * (the query API's protobuf answers, the Kafka span encoding). Arrays and maps, which api_v2
 * cannot type, become their string form, as Jaeger's OTLP translator stores them.
 */
public final class JaegerKeyValues {
    private JaegerKeyValues() {}

    public static Model.KeyValue of(String key, AttributeValue value) {
        Model.KeyValue.Builder out = Model.KeyValue.newBuilder().setKey(key);
        if (value instanceof AttributeValue.StringValue s) {
            out.setVType(Model.ValueType.STRING).setVStr(s.value());
        } else if (value instanceof AttributeValue.BoolValue b) {
            out.setVType(Model.ValueType.BOOL).setVBool(b.value());
        } else if (value instanceof AttributeValue.LongValue l) {
            out.setVType(Model.ValueType.INT64).setVInt64(l.value());
        } else if (value instanceof AttributeValue.DoubleValue d) {
            out.setVType(Model.ValueType.FLOAT64).setVFloat64(d.value());
        } else if (value instanceof AttributeValue.BytesValue bytes) {
            out.setVType(Model.ValueType.BINARY).setVBinary(ByteString.copyFrom(bytes.value()));
        } else {
            out.setVType(Model.ValueType.STRING).setVStr(value.asString());
        }
        return out.build();
    }
}

package io.sightline.collector.jaeger.grpc;

import io.opentelemetry.exporter.jaeger.proto.api_v2.Model.KeyValue;
import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import java.util.ArrayList;
import java.util.List;

/** Jaeger {@code KeyValue}s to model attributes; each of the five value types maps to its own. */
final class JaegerProtoTags {
    private JaegerProtoTags() {}

    /** @param path where the list sits in the request, for instance {@code batch.spans[2].tags} */
    static List<Attribute> decode(List<KeyValue> keyValues, String path) {
        if (keyValues.isEmpty()) {
            return List.of();
        }
        List<Attribute> out = new ArrayList<>(keyValues.size());
        for (int i = 0; i < keyValues.size(); i++) {
            out.add(decode(keyValues.get(i), path, i));
        }
        return out;
    }

    private static Attribute decode(KeyValue kv, String path, int index) {
        return new Attribute(kv.getKey(), value(kv, path, index));
    }

    private static AttributeValue value(KeyValue kv, String path, int index) {
        switch (kv.getVType()) {
            case STRING: return AttributeValue.of(kv.getVStr());
            case BOOL: return AttributeValue.of(kv.getVBool());
            case INT64: return AttributeValue.of(kv.getVInt64());
            case FLOAT64: return AttributeValue.of(kv.getVFloat64());
            case BINARY: return AttributeValue.of(kv.getVBinary().toByteArray());
            default:
                // Proto3 enums are open: a number without a name cannot be rendered as any Jaeger type.
                throw new InvalidSpansException(path + "[" + index + "] (key \"" + kv.getKey() + "\").v_type: unknown value type "
                        + kv.getVTypeValue() + " (expected: 0..4, STRING, BOOL, INT64, FLOAT64, BINARY)");
        }
    }
}

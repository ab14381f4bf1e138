package io.sightline.collector.jaeger.thrift;

import io.jaegertracing.thriftjava.Tag;
import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Jaeger Thrift tags to model attributes, one typed value per tag, order kept. */
final class ThriftTags {
    private ThriftTags() {}

    static List<Attribute> decode(List<Tag> tags, String path) {
        if (tags == null || tags.isEmpty()) {
            return List.of();
        }
        List<Attribute> out = new ArrayList<>(tags.size());
        for (int i = 0; i < tags.size(); i++) {
            out.add(decode(tags.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    static Attribute decode(Tag tag, String path) {
        if (tag == null) {
            throw new InvalidSpansException(path + ": tag is null");
        }
        if (tag.getKey() == null) {
            throw new InvalidSpansException(path + ".key: missing");
        }
        return new Attribute(tag.getKey(), value(tag));
    }

    /**
     * An unset value field reads as the type's zero value, as Jaeger's converter does. A tag
     * without a type (only possible for a batch built in memory, the wire reader rejects it)
     * becomes the string Jaeger stores for an unknown type.
     */
    private static AttributeValue value(Tag tag) {
        if (tag.getVType() == null) {
            return AttributeValue.of("Unknown VType: " + tag);
        }
        switch (tag.getVType()) {
            case STRING:
                return AttributeValue.of(tag.getVStr() == null ? "" : tag.getVStr());
            case DOUBLE:
                return AttributeValue.of(tag.getVDouble());
            case BOOL:
                return AttributeValue.of(tag.isVBool());
            case LONG:
                return AttributeValue.of(tag.getVLong());
            case BINARY:
                return AttributeValue.of(bytes(tag.bufferForVBinary()));
            default:
                return AttributeValue.of("Unknown VType: " + tag);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }
}

package io.sightline.collector.jaeger.thrift;

import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * Jaeger references to the model's parent span ID plus links. The model keeps the parent apart
 * from the other references, so the rules are Jaeger's: {@code parentSpanId} becomes a
 * CHILD_OF reference unless a reference to that span already exists
 * ({@code model.MaybeAddParentSpanID}); the parent is then the first same-trace CHILD_OF,
 * failing that the first same-trace FOLLOWS_FROM ({@code Span.ParentSpanID}); every other
 * reference is a link that says its type in {@value SpanLink#REF_TYPE_KEY}.
 */
final class ThriftReferences {
    static final String CHILD_OF = "child_of";
    static final String FOLLOWS_FROM = "follows_from";

    private ThriftReferences() {}

    record Decoded(long parentSpanId, List<SpanLink> links) {}

    private record Ref(boolean childOf, TraceId traceId, long spanId) {}

    static Decoded decode(TraceId traceId, long parentSpanIdField, List<SpanRef> refs, String path) {
        List<Ref> all = new ArrayList<>((refs == null ? 0 : refs.size()) + 1);
        boolean parentReferenced = parentSpanIdField == 0;
        if (refs != null) {
            for (int i = 0; i < refs.size(); i++) {
                Ref ref = ref(refs.get(i), path + ".references[" + i + "]");
                parentReferenced |= ref.spanId == parentSpanIdField && ref.traceId.equals(traceId);
                all.add(ref);
            }
        }
        if (!parentReferenced) {
            all.add(0, new Ref(true, traceId, parentSpanIdField));
        }
        if (all.isEmpty()) {
            return new Decoded(0, List.of());
        }
        int parentAt = parentIndex(all, traceId);
        List<SpanLink> links = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            if (i != parentAt) {
                Ref ref = all.get(i);
                links.add(new SpanLink(ref.traceId, ref.spanId, "",
                        List.of(Attribute.of(SpanLink.REF_TYPE_KEY, ref.childOf ? CHILD_OF : FOLLOWS_FROM))));
            }
        }
        return new Decoded(parentAt < 0 ? 0 : all.get(parentAt).spanId, links);
    }

    private static int parentIndex(List<Ref> refs, TraceId traceId) {
        int firstFollowsFrom = -1;
        for (int i = 0; i < refs.size(); i++) {
            Ref ref = refs.get(i);
            if (ref.spanId == 0 || !ref.traceId.equals(traceId)) {
                continue;
            }
            if (ref.childOf) {
                return i;
            }
            if (firstFollowsFrom < 0) {
                firstFollowsFrom = i;
            }
        }
        return firstFollowsFrom;
    }

    private static Ref ref(SpanRef ref, String path) {
        if (ref == null) {
            throw new InvalidSpansException(path + ": reference is null");
        }
        if (ref.getRefType() == null) {
            throw new InvalidSpansException(path + ".refType: missing (expected: CHILD_OF or FOLLOWS_FROM)");
        }
        return new Ref(ref.getRefType() == SpanRefType.CHILD_OF,
                TraceId.of(ref.getTraceIdHigh(), ref.getTraceIdLow()), ref.getSpanId());
    }
}

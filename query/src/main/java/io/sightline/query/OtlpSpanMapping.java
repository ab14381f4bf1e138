package io.sightline.query;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How spans of the model become OTLP {@code TracesData}, whatever the encoding (api_v3 JSON or
 * protobuf): grouped by resource, then by instrumentation scope, in order of first appearance;
 * {@code service.name} as the resource's first attribute; enums as OTLP numbers.
 */
final class OtlpSpanMapping {
    private OtlpSpanMapping() {}

    /**
     * Groups {@code items} by their span's resource, then scope, keeping their order within
     * each group. Spans of one batch share their Resource, so equal resources are cheap to hash.
     */
    static <T> Map<Resource, Map<InstrumentationScope, List<T>>> group(List<T> items, Function<T, Span> spanOf) {
        Map<Resource, Map<InstrumentationScope, List<T>>> grouped = new LinkedHashMap<>();
        for (T item : items) {
            Span span = spanOf.apply(item);
            grouped.computeIfAbsent(span.resource(), r -> new LinkedHashMap<>())
                    .computeIfAbsent(span.scope(), s -> new ArrayList<>()).add(item);
        }
        return grouped;
    }

    /** {@code service.name} first (the model keeps it apart), then the stored attributes. */
    static List<Attribute> resourceAttributes(Resource resource) {
        List<Attribute> attributes = new ArrayList<>(resource.attributes().size() + 1);
        attributes.add(new Attribute(Resource.SERVICE_NAME_KEY, AttributeValue.of(resource.serviceName())));
        attributes.addAll(resource.attributes());
        return attributes;
    }

    /** OTLP's {@code end_time_unix_nano}. */
    static long endEpochNanos(Span span) {
        return span.startEpochNanos() + span.durationNanos();
    }

    /** The model's kinds are in OTLP's order: UNSPECIFIED = 0 … CONSUMER = 5. */
    static int kindNumber(Span span) {
        return span.kind().ordinal();
    }

    /** The model's status codes are in OTLP's order: UNSET = 0, OK = 1, ERROR = 2. */
    static int statusCodeNumber(Span span) {
        return span.statusCode().ordinal();
    }
}

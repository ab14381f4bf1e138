package io.sightline.collector.zipkin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import zipkin2.Annotation;

/**
 * Zipkin annotations as span events (Jaeger logs). The core RPC annotations ({@code cs},
 * {@code cr}, {@code sr}, {@code ss}) carry timing and kind, not events; every other
 * non-empty annotation is an event at its timestamp.
 */
final class ZipkinAnnotations {
    /** Trailing text after the object means it is not one, as for Go's json.Unmarshal. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ZipkinAnnotations() {}

    static boolean isCore(String value) {
        return value.equals("cs") || value.equals("cr") || value.equals("sr") || value.equals("ss");
    }

    /** The kind named by the first core annotation, as Jaeger infers it for v1-style spans. */
    static SpanKind kindFromCore(List<Annotation> annotations) {
        for (Annotation annotation : annotations) {
            switch (annotation.value()) {
                case "cs":
                case "cr":
                    return SpanKind.CLIENT;
                case "sr":
                case "ss":
                    return SpanKind.SERVER;
                default:
                    break;
            }
        }
        return SpanKind.UNSPECIFIED;
    }

    /** Whether any annotation becomes an event: most spans have none, and then no list is made. */
    static boolean hasEvents(List<Annotation> annotations) {
        for (int i = 0; i < annotations.size(); i++) {
            if (isEvent(annotations.get(i).value())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEvent(String value) {
        return !value.isEmpty() && !isCore(value);
    }

    /** @param spanIndex where the span is in the request, for error messages */
    static void addEvents(List<Annotation> annotations, int spanIndex, List<SpanEvent> out) {
        for (int i = 0; i < annotations.size(); i++) {
            Annotation annotation = annotations.get(i);
            String value = annotation.value();
            if (!isEvent(value)) {
                continue;
            }
            long epochNanos = ZipkinTimestamps.annotationToNanos(annotation.timestamp(), spanIndex, i);
            List<Attribute> fields = jsonObjectFields(value);
            out.add(fields == null ? new SpanEvent(epochNanos, value, List.of()) : new SpanEvent(epochNanos, "", fields));
        }
    }

    /**
     * Jaeger reads an annotation that is a JSON object of strings as structured log fields
     * (what OpenTracing bridges send); anything else is the event name.
     *
     * @return the fields, or null when the value is not such an object
     */
    static List<Attribute> jsonObjectFields(String value) {
        if (!value.startsWith("{")) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        List<Attribute> fields = new ArrayList<>(node.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isTextual()) {
                return null;
            }
            fields.add(Attribute.of(field.getKey(), field.getValue().textValue()));
        }
        return fields;
    }
}

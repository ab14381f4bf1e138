package io.sightline.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.HexIds;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A span document back into a span: the exact copy when Sightline wrote the document, otherwise
 * Jaeger's fields, with the tags Jaeger derives (span kind, status, trace state, scope) turned back
 * into the model's fields.
 */
final class SpanDocumentReader {
    private final String dotReplacement;

    SpanDocumentReader(String dotReplacement) {
        this.dotReplacement = dotReplacement;
    }

    /** @throws IllegalArgumentException naming what is wrong with the document */
    Span read(JsonNode doc) {
        JsonNode exact = doc.path(SpanDocumentWriter.SIGHTLINE).path(SpanDocumentWriter.EXACT_FIELD);
        if (exact.isTextual()) {
            return ExactSpanCodec.decode(Base64.getDecoder().decode(exact.asText()));
        }
        return fromJaeger(doc);
    }

    private Span fromJaeger(JsonNode doc) {
        TraceId traceId = TraceId.fromHex(required(doc, "traceID"));
        Span.Builder span = Span.builder()
                .traceId(traceId)
                .spanId(HexIds.parseSpanId(required(doc, "spanID")))
                .flags(doc.path("flags").asInt(0))
                .name(doc.path("operationName").asText(""))
                .startEpochNanos(doc.path("startTime").asLong() * 1_000L)
                .durationNanos(Math.max(0, doc.path("duration").asLong()) * 1_000L);

        long parent = 0;
        String parentHex = doc.path("parentSpanID").asText("");
        if (!parentHex.isEmpty()) {
            parent = HexIds.parseSpanId(parentHex);
        }
        List<JsonNode> references = new ArrayList<>();
        doc.path("references").forEach(references::add);
        JsonNode parentReference = null;
        if (parent == 0) {
            parentReference = firstSameTrace(references, "CHILD_OF", traceId);
            if (parentReference == null) {
                parentReference = firstSameTrace(references, "FOLLOWS_FROM", traceId);
            }
            if (parentReference != null) {
                parent = HexIds.parseSpanId(parentReference.path("spanID").asText());
            }
        }
        span.parentSpanId(parent);
        List<SpanLink> links = new ArrayList<>();
        for (JsonNode reference : references) {
            if (reference == parentReference) {
                continue;
            }
            long spanId = HexIds.parseSpanId(reference.path("spanID").asText());
            TraceId linkTrace = TraceId.fromHex(reference.path("traceID").asText());
            if (reference == firstSameTrace(references, "CHILD_OF", traceId) && spanId == parent) {
                continue;
            }
            String type = "FOLLOWS_FROM".equals(reference.path("refType").asText()) ? "follows_from" : "child_of";
            links.add(new SpanLink(linkTrace, spanId, "", List.of(Attribute.of(SpanLink.REF_TYPE_KEY, type))));
        }
        span.links(links);

        List<Attribute> tags = new ArrayList<>();
        readKeyValues(doc.path("tags"), tags);
        readFields(doc.path("tag"), tags);
        StatusCode status = StatusCode.UNSET;
        String statusMessage = "";
        boolean errorTag = false;
        String scopeName = "";
        String scopeVersion = "";
        List<Attribute> attributes = new ArrayList<>(tags.size());
        for (Attribute tag : tags) {
            String value = tag.value().asString();
            switch (tag.key()) {
                case "span.kind":
                    try {
                        span.kind(SpanKind.fromJaegerName(value));
                    } catch (IllegalArgumentException e) {
                        attributes.add(tag);
                    }
                    break;
                case "otel.status_code":
                    status = "ERROR".equals(value) ? StatusCode.ERROR : "OK".equals(value) ? StatusCode.OK : status;
                    break;
                case "otel.status_description":
                    statusMessage = value;
                    break;
                case "error":
                    errorTag = "true".equals(value);
                    break;
                case "w3c.tracestate":
                    span.traceState(value);
                    break;
                case "otel.scope.name":
                case "otel.library.name":
                    scopeName = value;
                    break;
                case "otel.scope.version":
                case "otel.library.version":
                    scopeVersion = value;
                    break;
                default:
                    attributes.add(tag);
            }
        }
        if (status == StatusCode.UNSET && errorTag) {
            status = StatusCode.ERROR;
        }
        span.attributes(attributes).status(status, statusMessage).scope(new InstrumentationScope(scopeName, scopeVersion));

        List<SpanEvent> events = new ArrayList<>();
        for (JsonNode log : doc.path("logs")) {
            List<Attribute> fields = new ArrayList<>();
            readKeyValues(log.path("fields"), fields);
            String name = "";
            for (Iterator<Attribute> it = fields.iterator(); it.hasNext(); ) {
                Attribute field = it.next();
                if (field.key().equals("event") && field.value() instanceof AttributeValue.StringValue s) {
                    name = s.value();
                    it.remove();
                    break;
                }
            }
            events.add(new SpanEvent(log.path("timestamp").asLong() * 1_000L, name, fields));
        }
        span.events(events);

        JsonNode process = doc.path("process");
        List<Attribute> processTags = new ArrayList<>();
        readKeyValues(process.path("tags"), processTags);
        readFields(process.path("tag"), processTags);
        span.resource(new Resource(process.path("serviceName").asText(""), processTags));
        return span.build();
    }

    private static JsonNode firstSameTrace(List<JsonNode> references, String type, TraceId traceId) {
        for (JsonNode reference : references) {
            if (type.equals(reference.path("refType").asText())
                    && TraceId.fromHex(reference.path("traceID").asText()).equals(traceId)) {
                return reference;
            }
        }
        return null;
    }

    private static void readKeyValues(JsonNode array, List<Attribute> out) {
        for (JsonNode kv : array) {
            String key = kv.path("key").asText("");
            String value = kv.path("value").asText("");
            String type = kv.path("type").asText("string");
            out.add(new Attribute(key, typed(type, value)));
        }
    }

    private static AttributeValue typed(String type, String value) {
        try {
            switch (type) {
                case "bool":
                    return AttributeValue.of(Boolean.parseBoolean(value));
                case "int64":
                    return AttributeValue.of(Long.parseLong(value));
                case "float64":
                    return AttributeValue.of(Double.parseDouble(value));
                case "binary":
                    return AttributeValue.of(hexBytes(value));
                default:
                    return AttributeValue.of(value);
            }
        } catch (IllegalArgumentException e) {
            // A value that does not parse as its declared type is still worth showing.
            return AttributeValue.of(value);
        }
    }

    private void readFields(JsonNode object, List<Attribute> out) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String key = field.getKey().replace(dotReplacement, ".");
            JsonNode value = field.getValue();
            if (value.isBoolean()) {
                out.add(Attribute.of(key, value.booleanValue()));
            } else if (value.isIntegralNumber()) {
                out.add(Attribute.of(key, value.longValue()));
            } else if (value.isNumber()) {
                out.add(Attribute.of(key, value.doubleValue()));
            } else {
                out.add(Attribute.of(key, value.asText()));
            }
        }
    }

    private static byte[] hexBytes(String hex) {
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("odd hex length");
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int high = Character.digit(hex.charAt(2 * i), 16);
            int low = Character.digit(hex.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("not hex: " + hex);
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        return bytes;
    }

    private static String required(JsonNode doc, String field) {
        String value = doc.path(field).asText("");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("span document without " + field);
        }
        return value;
    }
}

package io.sightline.storage.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.HexIds;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.storage.SearchableTags;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A span as the document Jaeger writes ({@code plugin/storage/es/spanstore/dbmodel}), so that
 * Jaeger reads what Sightline stores, plus the {@code sightline} object Jaeger ignores: the exact
 * span ({@link ExactSpanCodec}, not indexed) and the hashes of its searchable pairs
 * ({@link TagHashes}).
 */
final class SpanDocumentWriter {
    static final String EXACT_FIELD = "span";
    static final String HASHES_FIELD = "tags";
    static final String SIGHTLINE = "sightline";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final boolean tagsAsFieldsAll;
    private final Set<String> tagsAsFieldsInclude;
    private final String dotReplacement;

    SpanDocumentWriter(OpenSearchStorageOptions options) {
        this.tagsAsFieldsAll = options.tagsAsFieldsAll();
        this.tagsAsFieldsInclude = options.tagsAsFieldsInclude();
        this.dotReplacement = options.tagsAsFieldsDotReplacement();
    }

    /** The document's {@code _id}: the same span written again replaces its document. */
    static String documentId(Span span) {
        return span.traceId().toHex() + "-" + HexIds.toHex16(span.spanId()) + "-" + span.startEpochMicros();
    }

    ObjectNode write(Span span) {
        ObjectNode doc = NODES.objectNode();
        String traceHex = span.traceId().toHex();
        doc.put("traceID", traceHex);
        doc.put("spanID", HexIds.toHex16(span.spanId()));
        // Jaeger does not write it, but its reader turns it into a CHILD_OF reference when missing.
        doc.put("parentSpanID", HexIds.toHex16(span.parentSpanId()));
        if (span.flags() != 0) {
            doc.put("flags", span.flags());
        }
        doc.put("operationName", span.name());
        ArrayNode references = doc.putArray("references");
        if (span.parentSpanId() != 0) {
            reference(references, "CHILD_OF", traceHex, span.parentSpanId());
        }
        for (SpanLink link : span.links()) {
            reference(references, link.isChildOf() ? "CHILD_OF" : "FOLLOWS_FROM", link.traceId().toHex(), link.spanId());
        }
        long startMicros = span.startEpochMicros();
        doc.put("startTime", startMicros);
        doc.put("startTimeMillis", Math.floorDiv(startMicros, 1_000L));
        doc.put("duration", span.durationMicros());

        ArrayNode tags = doc.putArray("tags");
        ObjectNode tagFields = NODES.objectNode();
        for (Attribute attribute : span.attributes()) {
            tag(tags, tagFields, attribute.key(), attribute.value());
        }
        for (Attribute derived : derivedTags(span)) {
            tag(tags, tagFields, derived.key(), derived.value());
        }
        if (!tagFields.isEmpty()) {
            doc.set("tag", tagFields);
        }

        ArrayNode logs = doc.putArray("logs");
        for (SpanEvent event : span.events()) {
            ObjectNode log = logs.addObject();
            log.put("timestamp", Math.floorDiv(event.epochNanos(), 1_000L));
            ArrayNode fields = log.putArray("fields");
            if (!event.name().isEmpty()) {
                keyValue(fields, "event", AttributeValue.of(event.name()));
            }
            for (Attribute attribute : event.attributes()) {
                keyValue(fields, attribute.key(), attribute.value());
            }
        }

        ObjectNode process = doc.putObject("process");
        process.put("serviceName", span.serviceName());
        ArrayNode processTags = process.putArray("tags");
        ObjectNode processTagFields = NODES.objectNode();
        for (Attribute attribute : span.resource().attributes()) {
            tag(processTags, processTagFields, attribute.key(), attribute.value());
        }
        if (!processTagFields.isEmpty()) {
            process.set("tag", processTagFields);
        }

        ObjectNode sightline = doc.putObject(SIGHTLINE);
        sightline.put(EXACT_FIELD, Base64.getEncoder().encodeToString(ExactSpanCodec.encode(span)));
        Set<String> hashes = new LinkedHashSet<>();
        SearchableTags.forEach(span, (key, value) -> hashes.add(TagHashes.of(key, value)));
        ArrayNode hashArray = sightline.putArray(HASHES_FIELD);
        hashes.forEach(hashArray::add);
        return doc;
    }

    /** The tags Jaeger's OTLP translation adds for what its model has no field for. */
    static List<Attribute> derivedTags(Span span) {
        List<Attribute> derived = new java.util.ArrayList<>(6);
        if (span.kind() != SpanKind.UNSPECIFIED) {
            derived.add(Attribute.of("span.kind", span.kind().jaegerName()));
        }
        if (span.statusCode() == StatusCode.OK) {
            derived.add(Attribute.of("otel.status_code", "OK"));
        } else if (span.statusCode() == StatusCode.ERROR) {
            derived.add(Attribute.of("otel.status_code", "ERROR"));
            derived.add(Attribute.of("error", true));
        }
        if (!span.statusMessage().isEmpty()) {
            derived.add(Attribute.of("otel.status_description", span.statusMessage()));
        }
        if (!span.traceState().isEmpty()) {
            derived.add(Attribute.of("w3c.tracestate", span.traceState()));
        }
        if (!span.scope().name().isEmpty()) {
            derived.add(Attribute.of("otel.scope.name", span.scope().name()));
        }
        if (!span.scope().version().isEmpty()) {
            derived.add(Attribute.of("otel.scope.version", span.scope().version()));
        }
        return derived;
    }

    private static void reference(ArrayNode references, String type, String traceHex, long spanId) {
        ObjectNode reference = references.addObject();
        reference.put("refType", type);
        reference.put("traceID", traceHex);
        reference.put("spanID", HexIds.toHex16(spanId));
    }

    private void tag(ArrayNode tags, ObjectNode tagFields, String key, AttributeValue value) {
        if (!key.isEmpty() && (tagsAsFieldsAll || tagsAsFieldsInclude.contains(key)) && putField(tagFields,
                key.replace(".", dotReplacement), value)) {
            return;
        }
        keyValue(tags, key, value);
    }

    /** Jaeger keeps the native JSON type of a tag stored as a field; binary and non-finite values stay in {@code tags}. */
    private static boolean putField(ObjectNode fields, String field, AttributeValue value) {
        if (value instanceof AttributeValue.StringValue s) {
            fields.put(field, s.value());
        } else if (value instanceof AttributeValue.BoolValue b) {
            fields.put(field, b.value());
        } else if (value instanceof AttributeValue.LongValue l) {
            fields.put(field, l.value());
        } else if (value instanceof AttributeValue.DoubleValue d && Double.isFinite(d.value())) {
            fields.put(field, d.value());
        } else {
            return false;
        }
        return true;
    }

    private static void keyValue(ArrayNode array, String key, AttributeValue value) {
        ObjectNode kv = array.addObject();
        kv.put("key", key);
        kv.put("type", jaegerType(value));
        kv.put("value", value.asString());
    }

    private static String jaegerType(AttributeValue value) {
        switch (value.type()) {
            case BOOL: return "bool";
            case INT64: return "int64";
            case FLOAT64: return "float64";
            case BINARY: return "binary";
            default: return "string";
        }
    }
}

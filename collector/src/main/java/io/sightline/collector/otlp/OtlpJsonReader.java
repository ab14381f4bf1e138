package io.sightline.collector.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.sightline.collector.InvalidSpansException;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/**
 * Reads the OTLP/JSON encoding of an export request. OTLP/JSON differs from protobuf's
 * canonical JSON mapping in one way that matters: trace and span IDs are hex strings, not
 * base64. They are rewritten to base64 before the standard parser runs; everything else
 * (camelCase or snake_case keys, int64 as strings or numbers, enums as integers or names,
 * unknown fields ignored) is handled by the standard parser.
 */
public final class OtlpJsonReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final List<String> RESOURCE_SPANS_KEYS = List.of("resourceSpans", "resource_spans");
    private static final List<String> SCOPE_SPANS_KEYS = List.of("scopeSpans", "scope_spans");

    private OtlpJsonReader() {}

    /**
     * @throws InvalidSpansException naming what is wrong with the document
     */
    public static ExportTraceServiceRequest read(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSpansException("malformed JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new InvalidSpansException("unreadable JSON body: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidSpansException("empty JSON body (expected: an ExportTraceServiceRequest object)");
        }
        if (!root.isObject()) {
            throw new InvalidSpansException("expected a JSON object (an ExportTraceServiceRequest), got " + root.getNodeType());
        }
        rewriteIds((ObjectNode) root);
        ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
        try {
            PARSER.merge(root.toString(), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidSpansException("invalid OTLP JSON: " + e.getMessage(), e);
        }
        return builder.build();
    }

    private static void rewriteIds(ObjectNode root) {
        ArrayNode resourceSpans = array(root, RESOURCE_SPANS_KEYS);
        for (int r = 0; r < resourceSpans.size(); r++) {
            JsonNode rs = resourceSpans.get(r);
            if (!rs.isObject()) {
                continue;
            }
            ArrayNode scopeSpans = array((ObjectNode) rs, SCOPE_SPANS_KEYS);
            for (int s = 0; s < scopeSpans.size(); s++) {
                JsonNode ss = scopeSpans.get(s);
                if (!ss.isObject() || !ss.path("spans").isArray()) {
                    continue;
                }
                ArrayNode spans = (ArrayNode) ss.get("spans");
                for (int i = 0; i < spans.size(); i++) {
                    if (spans.get(i).isObject()) {
                        String path = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
                        rewriteSpanIds((ObjectNode) spans.get(i), path);
                    }
                }
            }
        }
    }

    private static void rewriteSpanIds(ObjectNode span, String path) {
        hexToBase64(span, "traceId", "trace_id", path);
        hexToBase64(span, "spanId", "span_id", path);
        hexToBase64(span, "parentSpanId", "parent_span_id", path);
        JsonNode links = span.path("links");
        for (int l = 0; l < links.size(); l++) {
            if (links.get(l).isObject()) {
                String linkPath = path + ".links[" + l + "]";
                hexToBase64((ObjectNode) links.get(l), "traceId", "trace_id", linkPath);
                hexToBase64((ObjectNode) links.get(l), "spanId", "span_id", linkPath);
            }
        }
    }

    private static void hexToBase64(ObjectNode node, String camelKey, String snakeKey, String path) {
        for (String key : List.of(camelKey, snakeKey)) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw new InvalidSpansException(path + "." + camelKey + ": expected a hex string, got " + value.getNodeType());
            }
            node.set(key, new TextNode(Base64.getEncoder().encodeToString(parseHex(value.asText(), path + "." + camelKey))));
        }
    }

    private static byte[] parseHex(String hex, String path) {
        if (hex.length() % 2 != 0) {
            throw new InvalidSpansException(path + ": hex string of odd length " + hex.length() + ": \"" + hex + "\"");
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new InvalidSpansException(path + ": not a hex string: \"" + hex + "\"");
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static ArrayNode array(ObjectNode node, List<String> keys) {
        for (String key : keys) {
            JsonNode value = node.get(key);
            if (value != null && value.isArray()) {
                return (ArrayNode) value;
            }
        }
        return MAPPER.createArrayNode();
    }
}

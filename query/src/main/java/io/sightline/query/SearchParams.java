package io.sightline.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.linecorp.armeria.common.QueryParams;
import io.sightline.core.model.TraceId;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of {@code GET /api/traces}, parsed and checked in the order Jaeger's
 * {@code parseTraceQueryParams} checks them, so the first problem reported is the one Jaeger
 * reports, with its message.
 *
 * @param startMinEpochMicros span start lower bound, µs since epoch
 * @param startMaxEpochMicros span start upper bound, µs since epoch
 * @param minDurationNanos 0 when not given
 * @param maxDurationNanos 0 when not given
 * @param traceIds when not empty, every other filter is ignored
 */
record SearchParams(
        String service,
        String operation,
        long startMinEpochMicros,
        long startMaxEpochMicros,
        int limit,
        long minDurationNanos,
        long maxDurationNanos,
        Map<String, String> tags,
        List<TraceId> traceIds,
        boolean raw) {

    static final int DEFAULT_LIMIT = 100;
    static final long DEFAULT_LOOKBACK_MICROS = 48L * 3_600_000_000L;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /**
     * @param nowEpochMicros the default {@code end}; {@code start} defaults to 48 h before it
     * @throws ApiException 400 with Jaeger's message for the first malformed parameter
     */
    static SearchParams parse(QueryParams params, long nowEpochMicros) {
        String service = params.get("service", "");
        String operation = params.get("operation", "");
        long start = epochMicros(params, "start", nowEpochMicros - DEFAULT_LOOKBACK_MICROS);
        long end = epochMicros(params, "end", nowEpochMicros);
        Map<String, String> tags = tags(params.getAll("tag"), params.getAll("tags"));
        int limit = limit(params.get("limit", ""));
        long minDuration = duration(params, "minDuration");
        long maxDuration = duration(params, "maxDuration");
        Set<TraceId> traceIds = new LinkedHashSet<>();
        for (String id : params.getAll("traceID")) {
            try {
                traceIds.add(TraceIdParam.parse(id));
            } catch (ApiException e) {
                throw ApiException.badRequest("cannot parse traceID param: " + e.getMessage());
            }
        }
        boolean raw = bool(params, "raw");
        if (traceIds.isEmpty() && service.isEmpty()) {
            throw ApiException.badRequest("parameter 'service' is required");
        }
        if (minDuration != 0 && maxDuration != 0 && maxDuration < minDuration) {
            throw ApiException.badRequest("'maxDuration' should be greater than 'minDuration'");
        }
        return new SearchParams(service, operation, start, end, limit, minDuration, maxDuration,
                tags, List.copyOf(traceIds), raw);
    }

    /** An integer count of µs since epoch, or {@code defaultValue} when absent or empty. */
    static long epochMicros(QueryParams params, String name, long defaultValue) {
        String value = params.get(name, "");
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return GoStrconv.parseInt(value, 64);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unable to parse param '" + name + "': " + e.getMessage());
        }
    }

    /** {@code raw}: Go's boolean spellings; absent or empty is false. */
    static boolean bool(QueryParams params, String name) {
        String value = params.get(name, "");
        if (value.isEmpty()) {
            return false;
        }
        try {
            return GoStrconv.parseBool(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unable to parse param '" + name + "': " + e.getMessage());
        }
    }

    /**
     * Jaeger answers a non-numeric limit with the bare strconv message. Zero means the default,
     * as in Jaeger's stores; a negative limit has no meaning and is refused.
     */
    private static int limit(String value) {
        if (value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = (int) GoStrconv.parseInt(value, 32);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (limit < 0) {
            throw ApiException.badRequest("parameter 'limit' must not be negative: " + value);
        }
        return limit == 0 ? DEFAULT_LIMIT : limit;
    }

    private static long duration(QueryParams params, String name) {
        String value = params.get(name, "");
        if (value.isEmpty()) {
            return 0;
        }
        long nanos;
        try {
            nanos = GoDuration.parseNanos(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cannot parse " + name + ": " + e.getMessage());
        }
        if (nanos < 0) {
            throw ApiException.badRequest("parameter '" + name + "' must not be negative: " + value);
        }
        return nanos;
    }

    /** {@code tag=k:v} first, then {@code tags={json}}, as Jaeger merges them: the last key wins. */
    static Map<String, String> tags(List<String> tagParams, List<String> tagsParams) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : tagParams) {
            int colon = tag.indexOf(':');
            if (colon < 0) {
                throw ApiException.badRequest(
                        "malformed 'tag' parameter, expecting key:value, received: " + tag);
            }
            tags.put(tag.substring(0, colon), tag.substring(colon + 1));
        }
        for (String json : tagsParams) {
            try {
                readTagsObject(json, tags);
            } catch (IOException e) {
                String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
                throw ApiException.badRequest("malformed 'tags' parameter, cannot unmarshal JSON: " + reason);
            }
        }
        return tags;
    }

    /** Reads one JSON object of string values into {@code into}; Go's wording for wrong types. */
    private static void readTagsObject(String json, Map<String, String> into) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IOException("unexpected end of JSON input");
            }
            if (first == JsonToken.VALUE_NULL) {
                expectEnd(p);
                return; // Go leaves the map unchanged for null.
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IOException("json: cannot unmarshal " + goType(first)
                        + " into Go value of type map[string]string");
            }
            Map<String, String> object = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    object.put(key, p.getText());
                } else if (value == JsonToken.VALUE_NULL) {
                    object.put(key, ""); // Go stores the zero value.
                } else {
                    throw new IOException("json: cannot unmarshal " + goType(value)
                            + " into Go value of type string");
                }
            }
            expectEnd(p);
            into.putAll(object);
        }
    }

    private static void expectEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new IOException("invalid character after top-level value");
        }
    }

    private static String goType(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case START_OBJECT -> "object";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_STRING -> "string";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

}

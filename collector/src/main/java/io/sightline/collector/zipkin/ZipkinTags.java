package io.sightline.collector.zipkin;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Zipkin tags as span attributes, status and process tags, with Jaeger's special keys:
 * {@code lc} is the component, the Jaeger client's own keys describe the process, and
 * {@code error} is a boolean (its other values move to {@code error.message}).
 *
 * <p>A true {@code error} becomes {@link StatusCode#ERROR} instead of an attribute, because
 * the query side renders that status as Jaeger's {@code error=true} tag and SPM counts errors
 * by status; keeping both would show the tag twice.
 */
final class ZipkinTags {
    static final String LOCAL_COMPONENT = "lc";
    static final String COMPONENT = "component";
    static final String ERROR = "error";
    static final String ERROR_MESSAGE = "error.message";
    /** Set by OpenTelemetry's Zipkin exporter; rendered again from the status by the query side. */
    static final String OTEL_STATUS_CODE = "otel.status_code";
    private static final Map<String, String> PROCESS_KEYS = Map.of(
            "jaegerClient", "jaeger.version",
            "jaeger.version", "jaeger.version",
            "jaeger.hostname", "hostname");

    final List<Attribute> spanAttributes;
    /** Few spans carry process tags: the list is made for the first one. */
    List<Attribute> processAttributes = List.of();
    StatusCode status = StatusCode.UNSET;
    /** Appended last, where Jaeger's error sanitizer puts it. */
    private String errorMessage;

    private ZipkinTags(int capacity) {
        spanAttributes = new ArrayList<>(capacity);
    }

    /** @param moreAttributes room for the attributes the caller adds after the tags */
    static ZipkinTags of(Map<String, String> tags, int moreAttributes) {
        ZipkinTags out = new ZipkinTags(tags.size() + moreAttributes);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            out.add(tag.getKey(), tag.getValue());
        }
        return out;
    }

    private void add(String key, String value) {
        String processKey = PROCESS_KEYS.get(key);
        if (processKey != null) {
            if (processAttributes.isEmpty()) {
                processAttributes = new ArrayList<>(2);
            }
            processAttributes.add(Attribute.of(processKey, value));
        } else if (key.equals(LOCAL_COMPONENT)) {
            spanAttributes.add(Attribute.of(COMPONENT, value));
        } else if (key.equalsIgnoreCase(ERROR)) { // the same test as lower-casing, without a copy of every key
            addError(key, value);
        } else if (key.equals(OTEL_STATUS_CODE) && (value.equals("OK") || value.equals("ERROR"))) {
            if (status != StatusCode.ERROR) {
                status = StatusCode.valueOf(value);
            }
        } else {
            spanAttributes.add(Attribute.of(key, value));
        }
    }

    private void addError(String key, String value) {
        switch (value) {
            case "":
            case "true":
                status = StatusCode.ERROR;
                break;
            case "false":
                spanAttributes.add(Attribute.of(key, false));
                break;
            default:
                status = StatusCode.ERROR;
                errorMessage = value;
        }
    }

    /** Tags that must follow the endpoint-derived ones, in Jaeger's order. */
    void addTrailingAttributes(List<Attribute> out) {
        if (errorMessage != null) {
            out.add(Attribute.of(ERROR_MESSAGE, errorMessage));
        }
    }
}

package io.sightline.collector.jaeger.grpc;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The span tags that stand for model fields: {@code span.kind}, {@code error},
 * {@code otel.status_code}, {@code otel.status_description} and {@code w3c.tracestate}. They are
 * taken out of the tag list and into the fields, because the Jaeger query writer renders those
 * fields back as exactly these tags; leaving them in as well would show them twice. Only values
 * the writer can reproduce are taken (a lower-case known kind, a boolean {@code error}), so
 * anything else stays a plain tag and is shown as sent.
 *
 * <p>Status follows OpenTelemetry's Jaeger receiver: {@code error=true} is the final word and
 * makes the span ERROR whatever {@code otel.status_code} says; otherwise {@code otel.status_code}
 * OK or ERROR (any case) sets the status. The description is taken only with a status.
 */
record SpanTagFields(SpanKind kind, StatusCode statusCode, String statusMessage, String traceState,
        List<Attribute> otherTags) {
    static final String SPAN_KIND_KEY = "span.kind";
    static final String ERROR_KEY = "error";
    static final String STATUS_CODE_KEY = "otel.status_code";
    static final String STATUS_DESCRIPTION_KEY = "otel.status_description";
    static final String TRACE_STATE_KEY = "w3c.tracestate";

    private static final int ABSENT = -1;

    static SpanTagFields extract(List<Attribute> tags) {
        int kindAt = ABSENT;
        int errorAt = ABSENT;
        int statusCodeAt = ABSENT;
        int descriptionAt = ABSENT;
        int traceStateAt = ABSENT;
        for (int i = 0; i < tags.size(); i++) {
            Attribute tag = tags.get(i);
            switch (tag.key()) {
                case SPAN_KIND_KEY:
                    if (kindAt == ABSENT && kindOf(tag.value()) != SpanKind.UNSPECIFIED) {
                        kindAt = i;
                    }
                    break;
                case ERROR_KEY:
                    if (errorAt == ABSENT && tag.value() instanceof AttributeValue.BoolValue bool && bool.value()) {
                        errorAt = i;
                    }
                    break;
                case STATUS_CODE_KEY:
                    if (statusCodeAt == ABSENT && statusOf(tag.value()) != StatusCode.UNSET) {
                        statusCodeAt = i;
                    }
                    break;
                case STATUS_DESCRIPTION_KEY:
                    if (descriptionAt == ABSENT && tag.value() instanceof AttributeValue.StringValue) {
                        descriptionAt = i;
                    }
                    break;
                case TRACE_STATE_KEY:
                    if (traceStateAt == ABSENT && tag.value() instanceof AttributeValue.StringValue) {
                        traceStateAt = i;
                    }
                    break;
                default:
                    break;
            }
        }
        if (kindAt == ABSENT && errorAt == ABSENT && statusCodeAt == ABSENT && traceStateAt == ABSENT) {
            return new SpanTagFields(SpanKind.UNSPECIFIED, StatusCode.UNSET, "", "", tags);
        }
        StatusCode status = errorAt != ABSENT ? StatusCode.ERROR
                : statusCodeAt != ABSENT ? statusOf(tags.get(statusCodeAt).value()) : StatusCode.UNSET;
        if (status == StatusCode.UNSET) {
            descriptionAt = ABSENT;
        }
        List<Attribute> others = new ArrayList<>(tags.size());
        for (int i = 0; i < tags.size(); i++) {
            if (i != kindAt && i != errorAt && i != statusCodeAt && i != descriptionAt && i != traceStateAt) {
                others.add(tags.get(i));
            }
        }
        return new SpanTagFields(
                kindAt == ABSENT ? SpanKind.UNSPECIFIED : kindOf(tags.get(kindAt).value()),
                status,
                descriptionAt == ABSENT ? "" : tags.get(descriptionAt).value().asString(),
                traceStateAt == ABSENT ? "" : tags.get(traceStateAt).value().asString(),
                others);
    }

    /** UNSPECIFIED unless the value is a string the writer would render back identically. */
    private static SpanKind kindOf(AttributeValue value) {
        if (value instanceof AttributeValue.StringValue string) {
            for (SpanKind kind : SpanKind.values()) {
                if (kind != SpanKind.UNSPECIFIED && kind.jaegerName().equals(string.value())) {
                    return kind;
                }
            }
        }
        return SpanKind.UNSPECIFIED;
    }

    private static StatusCode statusOf(AttributeValue value) {
        if (value instanceof AttributeValue.StringValue string) {
            switch (string.value().toUpperCase(Locale.ROOT)) {
                case "OK": return StatusCode.OK;
                case "ERROR": return StatusCode.ERROR;
                default: return StatusCode.UNSET;
            }
        }
        return StatusCode.UNSET;
    }
}

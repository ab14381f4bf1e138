package io.sightline.collector.jaeger.thrift;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Lifts the Jaeger tags that the model holds as fields (span kind, status, trace state) out of
 * the tag list, following the OpenTelemetry Jaeger translator. The query side writes those
 * fields back as the same tags, so only values it would write back identically are lifted: a
 * {@code span.kind} of another spelling, or a string {@code "true"} error, stays a plain tag.
 */
final class ConventionTags {
    static final String SPAN_KIND = "span.kind";
    static final String ERROR = "error";
    static final String STATUS_CODE = "otel.status_code";
    static final String STATUS_DESCRIPTION = "otel.status_description";
    static final String TRACE_STATE = "w3c.tracestate";

    private ConventionTags() {}

    /** What was lifted, and the tags left in their original order. */
    record Lifted(SpanKind kind, StatusCode status, String statusMessage, String traceState, List<Attribute> tags) {}

    static Lifted lift(List<Attribute> tags) {
        int kindAt = -1;
        int errorAt = -1;
        int statusCodeAt = -1;
        int descriptionAt = -1;
        int traceStateAt = -1;
        SpanKind kind = SpanKind.UNSPECIFIED;
        StatusCode statusFromCode = StatusCode.UNSET;
        for (int i = 0; i < tags.size(); i++) {
            Attribute tag = tags.get(i);
            AttributeValue value = tag.value();
            switch (tag.key()) {
                case SPAN_KIND:
                    if (kindAt < 0 && value instanceof AttributeValue.StringValue s && isKindName(s.value())) {
                        kindAt = i;
                        kind = SpanKind.fromJaegerName(s.value());
                    }
                    break;
                case ERROR:
                    if (errorAt < 0 && value instanceof AttributeValue.BoolValue b && b.value()) {
                        errorAt = i;
                    }
                    break;
                case STATUS_CODE:
                    if (statusCodeAt < 0 && value instanceof AttributeValue.StringValue s
                            && (s.value().equals("OK") || s.value().equals("ERROR"))) {
                        statusCodeAt = i;
                        statusFromCode = s.value().equals("OK") ? StatusCode.OK : StatusCode.ERROR;
                    }
                    break;
                case STATUS_DESCRIPTION:
                    if (descriptionAt < 0 && value instanceof AttributeValue.StringValue s && !s.value().isEmpty()) {
                        descriptionAt = i;
                    }
                    break;
                case TRACE_STATE:
                    if (traceStateAt < 0 && value instanceof AttributeValue.StringValue s && !s.value().isEmpty()) {
                        traceStateAt = i;
                    }
                    break;
                default:
                    break;
            }
        }
        if (kindAt < 0 && errorAt < 0 && statusCodeAt < 0 && traceStateAt < 0) {
            return new Lifted(SpanKind.UNSPECIFIED, StatusCode.UNSET, "", "", tags);
        }
        // error=true is the final word on a Jaeger span's status, as in the OpenTelemetry translator.
        StatusCode status = errorAt >= 0 ? StatusCode.ERROR : statusFromCode;
        // A description means something only beside an error, and is written back only then.
        if (status != StatusCode.ERROR) {
            descriptionAt = -1;
        }
        String statusMessage = descriptionAt < 0 ? "" : tags.get(descriptionAt).value().asString();
        String traceState = traceStateAt < 0 ? "" : tags.get(traceStateAt).value().asString();
        List<Attribute> rest = new ArrayList<>(tags.size());
        for (int i = 0; i < tags.size(); i++) {
            if (i != kindAt && i != errorAt && i != statusCodeAt && i != descriptionAt && i != traceStateAt) {
                rest.add(tags.get(i));
            }
        }
        return new Lifted(kind, status, statusMessage, traceState, rest);
    }

    private static boolean isKindName(String value) {
        for (SpanKind kind : SpanKind.values()) {
            if (kind != SpanKind.UNSPECIFIED && kind.jaegerName().equals(value)) {
                return true;
            }
        }
        return false;
    }
}

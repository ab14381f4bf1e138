package io.sightline.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.TraceQuery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code /api/v3/*} endpoints (Jaeger UI 2.15+, Grafana's gRPC-gateway mode): OTLP/JSON
 * traces, {@code {"services"}}, {@code {"operations"}}, trace summaries, and errors as
 * {@code {"error":{"httpCode","message"}}}. Each method reads storage, so it runs off the event loop.
 */
final class ApiV3Handlers {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int DEFAULT_SEARCH_DEPTH = 100;

    private final StorageComponent storage;
    private final TraceReads reads;
    private final int maxSearchDepth;

    /** Traces are looked up and adjusted as the other APIs do it: archive fallback, adjusters unless raw. */
    ApiV3Handlers(TraceReads reads, int maxSearchDepth) {
        this.reads = reads;
        this.storage = reads.storage();
        this.maxSearchDepth = maxSearchDepth;
    }

    /** A v3 error: 4xx or 5xx with its own body shape. */
    static final class V3Exception extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final HttpStatus status;

        V3Exception(HttpStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    static HttpResponse error(HttpStatus status, String message) {
        String body = render(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeNumberField("httpCode", status.code());
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndObject();
        });
        return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, body);
    }

    HttpResponse services(ServiceRequestContext ctx) {
        List<String> services = new ArrayList<>(storage.serviceCatalog().getServices());
        services.sort(null);
        return ok(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("services");
            for (String service : services) {
                g.writeString(service);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    HttpResponse operations(ServiceRequestContext ctx) {
        String service = param(ctx, "service", "service");
        if (service == null || service.isEmpty()) {
            throw new V3Exception(HttpStatus.BAD_REQUEST, "parameter 'service' is required");
        }
        String kindText = param(ctx, "spanKind", "span_kind");
        SpanKind kind = null;
        if (kindText != null && !kindText.isEmpty()) {
            try {
                kind = SpanKind.fromJaegerName(kindText.toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new V3Exception(HttpStatus.BAD_REQUEST, "malformed parameter spanKind: " + e.getMessage());
            }
        }
        List<Operation> operations = storage.serviceCatalog().getOperations(service, kind);
        return ok(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("operations");
            for (Operation operation : operations) {
                g.writeStartObject();
                g.writeStringField("name", operation.name());
                g.writeStringField("spanKind", operation.spanKind().jaegerName());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    HttpResponse trace(ServiceRequestContext ctx) {
        TraceId traceId;
        try {
            traceId = TraceIdParam.parse(ctx.pathParam("trace_id"));
        } catch (ApiException e) {
            throw new V3Exception(HttpStatus.BAD_REQUEST, "malformed parameter trace_id: " + e.getMessage());
        }
        timeParam(ctx, "startTime", "start_time");
        timeParam(ctx, "endTime", "end_time");
        boolean raw = boolParam(ctx, "rawTraces", "raw_traces");
        Trace trace = reads.find(traceId)
                .orElseThrow(() -> new V3Exception(HttpStatus.NOT_FOUND, "trace not found"));
        List<Span> shown = shown(reads.adjust(trace, raw));
        return ok(g -> {
            g.writeStartObject();
            g.writeFieldName("result");
            OtlpJsonWriter.writeTracesData(g, shown);
            g.writeEndObject();
        });
    }

    /**
     * The adjusted spans, each adjuster warning in the span's {@value OtlpProtoEncoder#WARNINGS_KEY}
     * attribute (a string array), where Jaeger v2 and the gRPC api_v3 put them.
     */
    private static List<Span> shown(AdjustableTrace trace) {
        List<Span> spans = new ArrayList<>(trace.size());
        for (int i = 0; i < trace.size(); i++) {
            Span span = trace.span(i);
            List<String> warnings = trace.warnings(i);
            if (!warnings.isEmpty()) {
                List<io.sightline.core.model.AttributeValue> values = new ArrayList<>(warnings.size());
                warnings.forEach(w -> values.add(new io.sightline.core.model.AttributeValue.StringValue(w)));
                span = span.toBuilder().addAttribute(new io.sightline.core.model.Attribute(OtlpProtoEncoder.WARNINGS_KEY,
                        new io.sightline.core.model.AttributeValue.ArrayValue(values))).build();
            }
            spans.add(span);
        }
        return spans;
    }

    private static boolean boolParam(ServiceRequestContext ctx, String camel, String snake) {
        String value = param(ctx, camel, snake);
        if (value == null || value.isEmpty()) {
            return false;
        }
        try {
            return GoStrconv.parseBool(value);
        } catch (IllegalArgumentException e) {
            throw new V3Exception(HttpStatus.BAD_REQUEST, "malformed parameter " + camel + ": " + e.getMessage());
        }
    }

    HttpResponse traces(ServiceRequestContext ctx) {
        List<Trace> traces = storage.traceReader().findTraces(query(ctx));
        if (traces.isEmpty()) {
            throw new V3Exception(HttpStatus.NOT_FOUND, "No traces found");
        }
        boolean raw = boolParam(ctx, "query.rawTraces", "query.raw_traces");
        List<Span> spans = new ArrayList<>();
        traces.forEach(t -> spans.addAll(shown(reads.adjust(t, raw))));
        return ok(g -> {
            g.writeStartObject();
            g.writeFieldName("result");
            OtlpJsonWriter.writeTracesData(g, spans);
            g.writeEndObject();
        });
    }

    HttpResponse traceSummaries(ServiceRequestContext ctx) {
        List<Trace> traces = storage.traceReader().findTraces(query(ctx));
        return ok(g -> {
            g.writeStartObject();
            if (!traces.isEmpty()) {
                g.writeArrayFieldStart("summaries");
                for (Trace trace : traces) {
                    writeSummary(g, trace);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    private static void writeSummary(JsonGenerator g, Trace trace) throws IOException {
        TraceSummary summary = TraceSummary.of(trace);
        g.writeStartObject();
        g.writeStringField("traceId", summary.traceId().toHex32());
        g.writeStringField("rootServiceName", summary.rootServiceName());
        g.writeStringField("rootOperationName", summary.rootOperationName());
        g.writeStringField("minStartTimeUnixNano", Long.toUnsignedString(summary.minStartEpochNanos()));
        g.writeStringField("maxEndTimeUnixNano", Long.toUnsignedString(summary.maxEndEpochNanos()));
        g.writeNumberField("spanCount", summary.spanCount());
        if (summary.errorSpanCount() > 0) {
            g.writeNumberField("errorSpanCount", summary.errorSpanCount());
        }
        if (summary.orphanSpanCount() > 0) {
            g.writeNumberField("orphanSpanCount", summary.orphanSpanCount());
        }
        g.writeArrayFieldStart("services");
        for (TraceSummary.ServiceSummary service : summary.services()) {
            g.writeStartObject();
            g.writeStringField("name", service.name());
            g.writeNumberField("spanCount", service.spanCount());
            if (service.errorSpanCount() > 0) {
                g.writeNumberField("errorSpanCount", service.errorSpanCount());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The search of {@code /api/v3/traces} and {@code /trace-summaries}, with its 400s. */
    TraceQuery query(ServiceRequestContext ctx) {
        Long startMin = timeParam(ctx, "query.startTimeMin", "query.start_time_min");
        Long startMax = timeParam(ctx, "query.startTimeMax", "query.start_time_max");
        if (startMin == null || startMax == null) {
            throw new V3Exception(HttpStatus.BAD_REQUEST, "query.startTimeMin and query.startTimeMax are required");
        }
        if (startMin > startMax) {
            throw new V3Exception(HttpStatus.BAD_REQUEST,
                    "malformed parameter query.startTimeMax: must be after query.startTimeMin");
        }
        String service = param(ctx, "query.serviceName", "query.service_name");
        if (service == null || service.isEmpty()) {
            throw new V3Exception(HttpStatus.BAD_REQUEST, "query.serviceName is required");
        }
        String operation = param(ctx, "query.operationName", "query.operation_name");
        long durationMin = durationParam(ctx, "query.durationMin", "query.duration_min", 0);
        long durationMax = durationParam(ctx, "query.durationMax", "query.duration_max", Long.MAX_VALUE);
        if (durationMax < durationMin) {
            throw new V3Exception(HttpStatus.BAD_REQUEST,
                    "malformed parameter query.durationMax: must not be less than query.durationMin");
        }
        int depth = DEFAULT_SEARCH_DEPTH;
        String depthText = param(ctx, "query.searchDepth", "query.search_depth");
        if (depthText == null) {
            depthText = ctx.queryParam("query.num_traces");
        }
        if (depthText != null && !depthText.isEmpty()) {
            try {
                depth = Integer.parseInt(depthText.trim());
            } catch (NumberFormatException e) {
                throw new V3Exception(HttpStatus.BAD_REQUEST, "malformed parameter query.searchDepth: " + depthText);
            }
            if (depth <= 0) {
                throw new V3Exception(HttpStatus.BAD_REQUEST, "malformed parameter query.searchDepth: " + depth
                        + " (expected: > 0)");
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        String attributesText = ctx.queryParam("query.attributes");
        if (attributesText != null && !attributesText.isEmpty()) {
            try {
                attributes.putAll(SearchParams.tags(List.of(), List.of(attributesText)));
            } catch (ApiException e) {
                throw new V3Exception(HttpStatus.BAD_REQUEST, "malformed parameter query.attributes: " + e.getMessage());
            }
        }
        return toTraceQuery(service, operation, attributes, startMin, startMax, durationMin, durationMax, depth,
                maxSearchDepth);
    }

    /**
     * The storage query of an api_v3 search (HTTP or gRPC), its parameters already checked:
     * times and durations in ns, as given, compared on whole µs as stored.
     *
     * @param durationMaxNanos {@link Long#MAX_VALUE} for no bound
     */
    static TraceQuery toTraceQuery(String service, String operation, Map<String, String> attributes,
                                   long startMinEpochNanos, long startMaxEpochNanos, long durationMinNanos,
                                   long durationMaxNanos, int depth, int maxSearchDepth) {
        return new TraceQuery(service, operation, attributes, startMinEpochNanos / 1_000, startMaxEpochNanos / 1_000,
                durationMinNanos / 1_000, durationMaxNanos == Long.MAX_VALUE ? Long.MAX_VALUE : durationMaxNanos / 1_000,
                Math.min(depth, maxSearchDepth));
    }

    private static String param(ServiceRequestContext ctx, String camel, String snake) {
        String value = ctx.queryParam(camel);
        return value != null ? value : ctx.queryParam(snake);
    }

    /** An RFC 3339 time in epoch ns, or null when absent. */
    private static Long timeParam(ServiceRequestContext ctx, String camel, String snake) {
        String text = param(ctx, camel, snake);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            var instant = OffsetDateTime.parse(text.trim()).toInstant();
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new V3Exception(HttpStatus.BAD_REQUEST, "malformed parameter " + camel + ": '" + text
                    + "' is not an RFC 3339 time such as 2026-11-29T07:00:00.123Z");
        }
    }

    private static long durationParam(ServiceRequestContext ctx, String camel, String snake, long absent) {
        String text = param(ctx, camel, snake);
        if (text == null || text.isEmpty()) {
            return absent;
        }
        long nanos;
        try {
            nanos = GoDuration.parseNanos(text.trim());
        } catch (IllegalArgumentException e) {
            throw new V3Exception(HttpStatus.BAD_REQUEST, "malformed parameter " + camel + ": " + e.getMessage());
        }
        if (nanos < 0) {
            throw new V3Exception(HttpStatus.BAD_REQUEST, "malformed parameter " + camel + ": negative duration " + text);
        }
        return nanos;
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static HttpResponse ok(Body body) {
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, render(body));
    }

    private static String render(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}

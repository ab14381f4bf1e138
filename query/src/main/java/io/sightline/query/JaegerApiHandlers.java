package io.sightline.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.DependencyLink;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.TraceQuery;
import io.sightline.core.storage.TraceReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The v1 {@code /api/*} endpoints. Each method reads storage, so it runs on a blocking-task
 * thread, never on the event loop; errors are thrown as {@link ApiException}.
 */
final class JaegerApiHandlers {
    private static final String SPAN_KINDS = "server, client, producer, consumer, internal";

    static final long DEFAULT_DEPENDENCY_LOOKBACK_MILLIS = 86_400_000L;

    private final StorageComponent storage;
    private final QueryOptions options;
    private final TraceReads reads;
    private final Clock clock;

    JaegerApiHandlers(StorageComponent storage, QueryOptions options, Clock clock) {
        this(new TraceReads(storage, null, options.maxClockSkewAdjustmentNanos()), options, clock);
    }

    JaegerApiHandlers(TraceReads reads, QueryOptions options, Clock clock) {
        this.reads = reads;
        this.storage = reads.storage();
        this.options = options;
        this.clock = clock;
    }

    /** {@code GET /api/services}: sorted, {@code []} when none (Jaeger 1.50 could say null). */
    HttpResponse services(ServiceRequestContext ctx) {
        List<String> services = new ArrayList<>(storage.serviceCatalog().getServices());
        services.sort(null);
        return JsonResponses.ok(ctx, g -> writeStrings(g, services), services.size());
    }

    /** {@code GET /api/services/{service}/operations}: unique names across every span kind. */
    HttpResponse serviceOperations(ServiceRequestContext ctx) {
        // Armeria has percent-decoded the path segment exactly once, as Jaeger does.
        String service = ctx.pathParam("service");
        Set<String> names = new LinkedHashSet<>();
        for (Operation operation : storage.serviceCatalog().getOperations(service, null)) {
            names.add(operation.name());
        }
        return JsonResponses.ok(ctx, g -> writeStrings(g, names), names.size());
    }

    /** {@code GET /api/operations?service=&spanKind=}: name and kind, {@code ""} for unspecified. */
    HttpResponse operations(ServiceRequestContext ctx) {
        String service = ctx.queryParam("service");
        if (service == null || service.isEmpty()) {
            throw ApiException.badRequest("parameter 'service' is required");
        }
        SpanKind spanKind = parseSpanKind(ctx.queryParam("spanKind"));
        List<Operation> operations = storage.serviceCatalog().getOperations(service, spanKind);
        return JsonResponses.ok(ctx, g -> {
            g.writeStartArray();
            for (Operation operation : operations) {
                g.writeStartObject();
                g.writeStringField("name", operation.name());
                g.writeStringField("spanKind", operation.spanKind().jaegerName());
                g.writeEndObject();
            }
            g.writeEndArray();
        }, operations.size());
    }

    /**
     * {@code GET /api/traces/{traceID}}. {@code start} and {@code end} are checked but not used:
     * the lookup by ID needs no time window, and ignoring it spares the retry Jaeger needs when
     * Grafana sends them in ms instead of µs.
     */
    HttpResponse trace(ServiceRequestContext ctx) {
        TraceId traceId = TraceIdParam.parse(ctx.pathParam("traceID"));
        SearchParams.epochMicros(ctx.queryParams(), "start", 0);
        SearchParams.epochMicros(ctx.queryParams(), "end", 0);
        boolean raw = SearchParams.bool(ctx.queryParams(), "raw");
        Trace trace = findTrace(traceId).orElseThrow(() -> ApiException.notFound("trace not found"));
        AdjustableTrace shown = adjust(trace, raw);
        return JsonResponses.ok(ctx, g -> {
            g.writeStartArray();
            JaegerJsonWriter.writeTrace(g, shown, !raw);
            g.writeEndArray();
        }, 0);
    }

    private Optional<Trace> findTrace(TraceId traceId) {
        return reads.find(traceId);
    }

    /**
     * {@code POST /api/archive/{traceID}}: copies every span of the trace into the archive, which
     * retention never expires; answered with Jaeger's {@code "data":[]} and {@code "errors":[]}.
     */
    HttpResponse archive(ServiceRequestContext ctx) {
        reads.archive(TraceIdParam.parse(ctx.pathParam("traceID")));
        return JsonResponses.archived(ctx);
    }

    /**
     * {@code GET /api/traces}: a search, or a fetch of several IDs when {@code traceID} is given
     * (IDs not found are named in {@code errors}, status 200). Traces are fetched one at a time
     * and kept only while the response stays within {@code maxSpansPerResponse}, so a search over
     * huge traces answers with what fits instead of exhausting the heap.
     */
    HttpResponse search(ServiceRequestContext ctx) {
        SearchParams params = SearchParams.parse(ctx.queryParams(), nowEpochMicros());
        TraceReader reader = storage.traceReader();
        List<TraceId> ids;
        List<JsonResponses.PartialError> errors = new ArrayList<>();
        if (!params.traceIds().isEmpty()) {
            ids = params.traceIds();
        } else {
            TraceQuery query = toTraceQuery(params, options.maxLimit());
            ids = query == null ? List.of() : reader.findTraceIds(query);
        }
        List<AdjustableTrace> traces = new ArrayList<>();
        long spansLeft = options.maxSpansPerResponse();
        for (TraceId id : ids) {
            Optional<Trace> found = params.traceIds().isEmpty() ? reader.getTrace(id) : findTrace(id);
            if (found.isEmpty()) {
                if (!params.traceIds().isEmpty()) {
                    errors.add(new JsonResponses.PartialError("trace not found", id.toHex()));
                }
                continue; // A search hit that expired since: Jaeger leaves it out silently.
            }
            int spans = found.get().spans().size();
            if (spans > spansLeft) {
                errors.add(new JsonResponses.PartialError("trace left out: its " + spans
                        + " spans would take the response past " + options.maxSpansPerResponse()
                        + " spans (QUERY_MAX_SPANS_PER_RESPONSE); fetch it by its ID", id.toHex()));
                continue;
            }
            spansLeft -= spans;
            traces.add(adjust(found.get(), params.raw()));
        }
        return JsonResponses.ok(ctx, g -> {
            g.writeStartArray();
            for (AdjustableTrace trace : traces) {
                JaegerJsonWriter.writeTrace(g, trace, !params.raw());
            }
            g.writeEndArray();
        }, 0, errors);
    }

    /**
     * The storage query, or null when nothing can match (an empty time or duration window).
     * Durations are compared on whole µs, as stored: min rounds up, max rounds down.
     */
    static TraceQuery toTraceQuery(SearchParams params, int maxLimit) {
        long minMicros = (params.minDurationNanos() + 999) / 1_000;
        long maxMicros = params.maxDurationNanos() == 0 ? Long.MAX_VALUE : params.maxDurationNanos() / 1_000;
        if (params.startMaxEpochMicros() < params.startMinEpochMicros() || maxMicros < minMicros) {
            return null;
        }
        return new TraceQuery(params.service(), params.operation(), params.tags(),
                params.startMinEpochMicros(), params.startMaxEpochMicros(), minMicros, maxMicros,
                Math.min(params.limit(), maxLimit));
    }

    /**
     * {@code GET /api/dependencies?endTs=&lookback=&service=}: both times in ms. Links are merged
     * per (parent, child) with their counts summed, whatever the store returned.
     */
    HttpResponse dependencies(ServiceRequestContext ctx) {
        long endMillis = millis(ctx, "endTs", nowEpochMicros() / 1_000);
        long lookbackMillis = millis(ctx, "lookback", DEFAULT_DEPENDENCY_LOOKBACK_MILLIS);
        if (lookbackMillis <= 0) {
            throw ApiException.badRequest("parameter 'lookback' must be positive: " + lookbackMillis);
        }
        long endMicros = micros("endTs", endMillis);
        long lookbackMicros = micros("lookback", lookbackMillis);
        List<DependencyLink> links = reads.dependencies(endMicros, lookbackMicros, ctx.queryParams().get("service", ""));
        return JsonResponses.ok(ctx, g -> {
            g.writeStartArray();
            for (DependencyLink link : links) {
                g.writeStartObject();
                g.writeStringField("parent", link.parent());
                g.writeStringField("child", link.child());
                g.writeNumberField("callCount", link.callCount());
                g.writeEndObject();
            }
            g.writeEndArray();
        }, 0);
    }

    private static long millis(ServiceRequestContext ctx, String name, long defaultValue) {
        // Same parsing and message as the µs parameters of the search; only the unit differs.
        return SearchParams.epochMicros(ctx.queryParams(), name, defaultValue);
    }

    private static long micros(String name, long millis) {
        try {
            return Math.multiplyExact(millis, 1_000L);
        } catch (ArithmeticException e) {
            throw ApiException.badRequest("unable to parse param '" + name + "': " + millis
                    + " ms is out of range");
        }
    }

    /**
     * {@code POST /api/transform}: spans decoded from an uploaded OTLP/JSON file, answered as the
     * search envelope of UI traces, with no adjuster applied (as Jaeger does).
     *
     * @param decoder turns the body into spans; throws {@link IllegalArgumentException} naming what
     *     is wrong with it
     */
    HttpResponse transform(ServiceRequestContext ctx, byte[] body, java.util.function.Function<byte[], List<Span>> decoder) {
        List<Span> spans;
        try {
            spans = decoder.apply(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cannot transform the request body: " + e.getMessage());
        }
        java.util.Map<TraceId, List<Span>> byTrace = new java.util.LinkedHashMap<>();
        for (Span span : spans) {
            byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
        }
        List<AdjustableTrace> traces = new ArrayList<>();
        byTrace.forEach((id, traceSpans) -> {
            traceSpans.sort(Trace.STORAGE_ORDER);
            traces.add(adjust(new Trace(id, traceSpans), true));
        });
        return JsonResponses.ok(ctx, g -> {
            g.writeStartArray();
            for (AdjustableTrace trace : traces) {
                JaegerJsonWriter.writeTrace(g, trace, false);
            }
            g.writeEndArray();
        }, traces.size());
    }

    private AdjustableTrace adjust(Trace trace, boolean raw) {
        return reads.adjust(trace, raw);
    }

    private long nowEpochMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * Null (every kind) when absent or empty. Exact lower-case names only, as Jaeger matches
     * them exactly; anything else is answered with 400 rather than an empty list.
     */
    static SpanKind parseSpanKind(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (SpanKind kind : SpanKind.values()) {
            if (kind != SpanKind.UNSPECIFIED && kind.jaegerName().equals(value)) {
                return kind;
            }
        }
        throw ApiException.badRequest("unsupported value of parameter 'spanKind': '" + value
                + "' (expected: " + SPAN_KINDS + ")");
    }

    private static void writeStrings(JsonGenerator g, Iterable<String> values) throws IOException {
        g.writeStartArray();
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }
}

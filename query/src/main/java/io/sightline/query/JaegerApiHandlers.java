package io.sightline.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.StorageComponent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The v1 {@code /api/*} endpoints. Each method reads storage, so it runs on a blocking-task
 * thread, never on the event loop; errors are thrown as {@link ApiException}.
 */
final class JaegerApiHandlers {
    private static final String SPAN_KINDS = "server, client, producer, consumer, internal";

    private final StorageComponent storage;

    JaegerApiHandlers(StorageComponent storage) {
        this.storage = storage;
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
     * {@code GET /api/traces/{traceID}}. {@code raw}, {@code start} and {@code end} are accepted
     * and ignored: there are no adjusters to skip yet, and the lookup is by ID alone.
     */
    HttpResponse trace(ServiceRequestContext ctx) {
        TraceId traceId = TraceIdParam.parse(ctx.pathParam("traceID"));
        Trace trace = storage.traceReader().getTrace(traceId)
                .orElseThrow(() -> ApiException.notFound("trace not found"));
        return JsonResponses.ok(ctx, g -> {
            g.writeStartArray();
            JaegerJsonWriter.writeTrace(g, trace);
            g.writeEndArray();
        }, 0);
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

package io.sightline.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code /api/*} envelope: {@code {"data","total","limit","offset","errors"}}, all five
 * keys always, in that order (Jaeger's {@code structuredResponse}).
 */
final class JsonResponses {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** What Go's {@code json.MarshalIndent(v, "", "    ")} produces: {@code "k": v}, {@code []}. */
    private static final DefaultPrettyPrinter GO_INDENT = goIndent();

    private JsonResponses() {}

    /** Writes the value of {@code data}. */
    @FunctionalInterface
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * An entry of {@code errors} in a 200 answer, such as a trace ID of a multi-ID search that
     * was not found: {@code {"msg", "traceID"}}, no {@code code}, {@code traceID} omitted if null.
     */
    record PartialError(String msg, String traceId) {}

    /** 200 with {@code data} and {@code total}, indented when the request asks {@code ?prettyPrint}. */
    static HttpResponse ok(ServiceRequestContext ctx, JsonBody data, int total) {
        return ok(ctx, data, total, List.of());
    }

    /** Jaeger's answer to an archive: {@code data} and {@code errors} both {@code []}. */
    static HttpResponse archived(ServiceRequestContext ctx) {
        HttpData body = render(ctx.alloc(), prettyPrint(ctx), g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("data");
            g.writeEndArray();
            g.writeNumberField("total", 0);
            g.writeNumberField("limit", 0);
            g.writeNumberField("offset", 0);
            g.writeArrayFieldStart("errors");
            g.writeEndArray();
            g.writeEndObject();
        });
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.JSON), body);
    }

    /** As {@link #ok(ServiceRequestContext, JsonBody, int)}, with {@code errors} null when empty. */
    static HttpResponse ok(ServiceRequestContext ctx, JsonBody data, int total, List<PartialError> errors) {
        HttpData body = render(ctx.alloc(), prettyPrint(ctx), g -> {
            g.writeStartObject();
            g.writeFieldName("data");
            data.write(g);
            g.writeNumberField("total", total);
            g.writeNumberField("limit", 0);
            g.writeNumberField("offset", 0);
            if (errors.isEmpty()) {
                g.writeNullField("errors");
            } else {
                g.writeArrayFieldStart("errors");
                for (PartialError error : errors) {
                    g.writeStartObject();
                    g.writeStringField("msg", error.msg());
                    if (error.traceId() != null) {
                        g.writeStringField("traceID", error.traceId());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.JSON),
                body);
    }

    /**
     * An error in the envelope: {@code data} null and one {@code {code, msg}}. Compact and ending
     * in a newline whatever {@code prettyPrint} says, as Jaeger's {@code http.Error} writes it.
     * The content type is JSON rather than Jaeger's text/plain: clients parse the body as JSON
     * either way.
     */
    static HttpResponse error(ByteBufAllocator alloc, HttpStatus status, String msg) {
        HttpData body = render(alloc, false, g -> {
            g.writeStartObject();
            g.writeNullField("data");
            g.writeNumberField("total", 0);
            g.writeNumberField("limit", 0);
            g.writeNumberField("offset", 0);
            g.writeArrayFieldStart("errors");
            g.writeStartObject();
            g.writeNumberField("code", status.code());
            g.writeStringField("msg", msg);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        });
        return HttpResponse.of(ResponseHeaders.builder(status)
                .contentType(MediaType.JSON)
                .set(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .build(), body);
    }

    /** Jaeger: anything but absent, empty or {@code false} turns indentation on. */
    static boolean prettyPrint(ServiceRequestContext ctx) {
        String value = ctx.queryParam("prettyPrint");
        return value != null && !value.isEmpty() && !value.equals("false");
    }

    /**
     * Renders into a pooled buffer, which the returned HttpData owns; released here if
     * rendering fails, so no path leaks it.
     */
    static HttpData render(ByteBufAllocator alloc, boolean pretty, JsonBody body) {
        ByteBuf buf = alloc.buffer();
        try {
            try (JsonGenerator g = JSON.createGenerator((OutputStream) new ByteBufOutputStream(buf))) {
                if (pretty) {
                    g.setPrettyPrinter((PrettyPrinter) GO_INDENT.createInstance());
                }
                body.write(g);
            }
            return HttpData.wrap(buf);
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            buf.release();
            throw e;
        }
    }

    private static DefaultPrettyPrinter goIndent() {
        DefaultIndenter fourSpaces = new DefaultIndenter("    ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        printer.indentObjectsWith(fourSpaces);
        printer.indentArraysWith(fourSpaces);
        return printer;
    }
}

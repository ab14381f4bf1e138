package io.sightline.spm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.encoding.EncodingService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/metrics/latencies}, {@code /calls}, {@code /errors} and {@code /minstep} under the
 * query base path. Answers are bare {@code MetricFamily} JSON (not the envelope); errors use the
 * envelope: 400 for bad parameters, 500 when the backend fails, 501 when metrics are off.
 */
public final class SpmQueryService {
    private static final Logger log = LoggerFactory.getLogger(SpmQueryService.class);
    private static final JsonFactory JSON = JsonFactory.builder().build();
    static final String DISABLED_MESSAGE = "metrics querying is currently disabled";

    private final MetricsReader reader;
    private final Clock clock;
    private final boolean forwardAuthorization;

    SpmQueryService(MetricsReader reader, Clock clock) {
        this(reader, clock, false);
    }

    private SpmQueryService(MetricsReader reader, Clock clock, boolean forwardAuthorization) {
        this.reader = reader;
        this.clock = requireNonNull(clock, "clock");
        this.forwardAuthorization = forwardAuthorization;
    }

    /** Answers from the embedded store. */
    public static SpmQueryService embedded(EmbeddedMetrics metrics) {
        return new SpmQueryService(requireNonNull(metrics, "metrics").reader(), Clock.systemUTC());
    }

    /** Answers by querying Prometheus with Jaeger's PromQL. */
    public static SpmQueryService prometheus(PrometheusReaderOptions options) {
        return prometheus(options, false);
    }

    /**
     * As {@link #prometheus(PrometheusReaderOptions)}; with {@code forwardAuthorization} (Jaeger's
     * {@code QUERY_BEARER_TOKEN_PROPAGATION}) each query to Prometheus carries the caller's
     * {@code Authorization} header.
     */
    public static SpmQueryService prometheus(PrometheusReaderOptions options, boolean forwardAuthorization) {
        return new SpmQueryService(new PrometheusMetricsReader(requireNonNull(options, "options")), Clock.systemUTC(),
                forwardAuthorization);
    }

    /** Answers 501, as Jaeger does with no metrics storage: the UI then shows its get-started page. */
    public static SpmQueryService disabled() {
        return new SpmQueryService(null, Clock.systemUTC());
    }

    /**
     * {@code jaeger.api_v2.metrics.MetricsQueryService} over the same reader, for the gRPC query
     * port; UNIMPLEMENTED "metrics querying is currently disabled" when metrics are off. Its
     * methods read the metrics store: run them off the event loop
     * ({@code GrpcServiceBuilder.useBlockingTaskExecutor(true)}).
     */
    public io.grpc.BindableService grpcService() {
        return new MetricsGrpcService(reader, clock, forwardAuthorization);
    }

    /** @param basePath {@code "/"} or a prefix such as {@code "/jaeger"} */
    public void bindTo(ServerBuilder sb, String basePath) {
        requireNonNull(sb, "sb");
        String prefix = requireNonNull(basePath, "basePath").equals("/") ? "" : basePath;
        var gzip = EncodingService.builder().encodableContentTypes(type -> type.is(MediaType.parse("application/json")))
                .newDecorator();
        bind(sb, prefix + "/api/metrics/latencies", gzip, (ctx, r) -> family(ctx, r, true, r::latencies));
        bind(sb, prefix + "/api/metrics/calls", gzip, (ctx, r) -> family(ctx, r, false, r::calls));
        bind(sb, prefix + "/api/metrics/errors", gzip, (ctx, r) -> family(ctx, r, false, r::errors));
        bind(sb, prefix + "/api/metrics/minstep", gzip, (ctx, r) -> json(HttpStatus.OK, g -> {
            g.writeStartObject();
            g.writeNumberField("data", r.minStepMs());
            g.writeNumberField("total", 0);
            g.writeNumberField("limit", 0);
            g.writeNumberField("offset", 0);
            g.writeNullField("errors");
            g.writeEndObject();
        }));
    }

    private void bind(ServerBuilder sb, String path, java.util.function.Function<? super HttpService, ? extends HttpService> gzip,
                      BiFunction<ServiceRequestContext, MetricsReader, HttpResponse> handler) {
        HttpService service = (ctx, req) -> {
            if (reader == null) {
                return error(HttpStatus.NOT_IMPLEMENTED, DISABLED_MESSAGE);
            }
            try {
                return HttpResponse.of(CompletableFuture.supplyAsync(() -> respond(ctx, handler),
                        ctx.blockingTaskExecutor()));
            } catch (RejectedExecutionException e) {
                return error(HttpStatus.SERVICE_UNAVAILABLE, "too many queries in progress, retry later");
            }
        };
        sb.service(Route.builder().path(path).methods(HttpMethod.GET).build(), service.decorate(gzip));
    }

    private HttpResponse respond(ServiceRequestContext ctx, BiFunction<ServiceRequestContext, MetricsReader, HttpResponse> handler) {
        if (forwardAuthorization) {
            ForwardedAuthorization.set(ctx.request().headers().get("authorization"));
        }
        try {
            return handler.apply(ctx, reader);
        } catch (BadParamException e) {
            return error(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (MetricsBackendException e) {
            log.warn("metrics backend failed serving {}: {}", ctx.path(), e.getMessage());
            return error(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        } catch (RuntimeException e) {
            log.error("unexpected failure serving {}", ctx.path(), e);
            return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
        } finally {
            ForwardedAuthorization.clear();
        }
    }

    private HttpResponse family(ServiceRequestContext ctx, MetricsReader r, boolean latencies,
                                java.util.function.Function<MetricsQuery, MetricFamily> query) {
        MetricsQuery parsed = MetricsQueryParser.parse(ctx.queryParams()::getAll, clock.millis(), latencies);
        MetricFamily family = query.apply(parsed);
        return json(HttpStatus.OK, g -> MetricFamilyJson.write(g, family));
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static HttpResponse json(HttpStatus status, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpResponse.of(ResponseHeaders.of(status, HttpHeaderNames.CONTENT_TYPE, MediaType.JSON), 
                com.linecorp.armeria.common.HttpData.wrap(out.toByteArray()));
    }

    /** Jaeger's error envelope, one newline-terminated line. */
    static HttpResponse error(HttpStatus status, String msg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return HttpResponse.of(ResponseHeaders.builder(status)
                .contentType(MediaType.JSON)
                .set(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .build(), com.linecorp.armeria.common.HttpData.wrap(out.toByteArray()));
    }
}

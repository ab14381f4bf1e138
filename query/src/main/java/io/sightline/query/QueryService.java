package io.sightline.query;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.encoding.EncodingService;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.StorageException;
import io.grpc.BindableService;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jaeger query HTTP API ({@code /api/services}, {@code /api/operations},
 * {@code /api/services/{service}/operations}, {@code /api/traces}, {@code /api/traces/{traceID}},
 * {@code /api/dependencies}) over a storage
 * backend, mounted on an Armeria server under a base path.
 */
public final class QueryService {
    private static final Logger logger = LoggerFactory.getLogger(QueryService.class);

    /** Any JSON response, whatever its charset parameter. */
    private static final com.linecorp.armeria.common.MediaType JSON_RANGE =
            com.linecorp.armeria.common.MediaType.parse("application/json");

    private final TraceReads reads;
    private final QueryOptions options;
    private final Clock clock;
    private final JaegerApiHandlers handlers;
    private final ApiV3Handlers v3;

    public QueryService(StorageComponent storage) {
        this(storage, QueryOptions.DEFAULTS);
    }

    public QueryService(StorageComponent storage, QueryOptions options) {
        this(storage, options, Clock.systemUTC());
    }

    /**
     * @param archive where {@code POST /api/archive/{id}} copies traces and where a trace missing
     *     from {@code storage} is looked for next; null to answer archive requests with 500
     */
    public QueryService(StorageComponent storage, QueryOptions options, StorageComponent archive) {
        this(storage, options, Clock.systemUTC(), archive);
    }

    /** @param clock "now", the default end of the search and dependency windows */
    QueryService(StorageComponent storage, QueryOptions options, Clock clock) {
        this(storage, options, clock, null);
    }

    QueryService(StorageComponent storage, QueryOptions options, Clock clock, StorageComponent archive) {
        this.reads = new TraceReads(requireNonNull(storage, "storage"), archive,
                requireNonNull(options, "options").maxClockSkewAdjustmentNanos());
        this.options = options;
        this.clock = requireNonNull(clock, "clock");
        this.handlers = new JaegerApiHandlers(reads, options, clock);
        this.v3 = new ApiV3Handlers(reads, options.maxLimit());
    }

    /**
     * Adds the routes to {@code sb}. Every route is under {@code basePath}; any other
     * {@code {basePath}/api/...} path is answered with 404 in the error envelope (routes that
     * others bind more specifically, such as {@code /api/v3/...}, still win over that fallback).
     * Responses are gzip-compressed when the client accepts it.
     *
     * @param basePath {@code "/"} or a path that starts with {@code /} and does not end with one,
     *     such as {@code "/jaeger"} (Jaeger's {@code --query.base-path})
     */
    public void bindTo(ServerBuilder sb, String basePath) {
        requireNonNull(sb, "sb");
        String prefix = routePrefix(requireNonNull(basePath, "basePath"));
        Function<? super HttpService, EncodingService> gzip = EncodingService.builder()
                .encodableContentTypes(type -> type.is(JSON_RANGE))
                .newDecorator();
        bindGet(sb, prefix + "/api/services", handlers::services, gzip);
        bindGet(sb, prefix + "/api/services/{service}/operations", handlers::serviceOperations, gzip);
        bindGet(sb, prefix + "/api/operations", handlers::operations, gzip);
        bindGet(sb, prefix + "/api/traces", handlers::search, gzip);
        bindGet(sb, prefix + "/api/traces/{traceID}", handlers::trace, gzip);
        bindGet(sb, prefix + "/api/dependencies", handlers::dependencies, gzip);
        HttpService archive = (ctx, req) -> offEventLoop(ctx, handlers::archive);
        sb.service(Route.builder().path(prefix + "/api/archive/{traceID}").methods(HttpMethod.POST).build(),
                archive.decorate(gzip));
        bindV3(sb, prefix + "/api/v3/services", v3::services, gzip);
        bindV3(sb, prefix + "/api/v3/operations", v3::operations, gzip);
        bindV3(sb, prefix + "/api/v3/traces", v3::traces, gzip);
        bindV3(sb, prefix + "/api/v3/traces/{trace_id}", v3::trace, gzip);
        bindV3(sb, prefix + "/api/v3/trace-summaries", v3::traceSummaries, gzip);
        HttpService notFound = (ctx, req) -> JsonResponses.error(ctx.alloc(), HttpStatus.NOT_FOUND,
                "page not found: " + ctx.path());
        sb.serviceUnder(prefix + "/api/", notFound.decorate(gzip));
    }

    /**
     * The gRPC read services of Jaeger's query port 16685: {@code jaeger.api_v2.QueryService}
     * and {@code jaeger.api_v3.QueryService}, over the same storage, archive, limits and
     * adjusters as the HTTP API. Their methods read storage, so the caller must run them off the
     * event loop (Armeria's {@code GrpcServiceBuilder.useBlockingTaskExecutor(true)}).
     */
    public List<BindableService> grpcServices() {
        return List.of(new ApiV2GrpcService(reads, options, clock), new ApiV3GrpcService(reads, options.maxLimit()));
    }

    /**
     * Binds {@code POST {basePath}/api/transform} (the Jaeger UI's "upload OTLP JSON"): the body
     * goes through {@code otlpJsonDecoder}, which the caller provides because decoding OTLP is
     * the collector's job; the answer is the search envelope of UI traces.
     *
     * @param otlpJsonDecoder throws {@link IllegalArgumentException} naming what is wrong
     */
    public void bindTransform(ServerBuilder sb, String basePath,
                              Function<byte[], java.util.List<io.sightline.core.model.Span>> otlpJsonDecoder) {
        requireNonNull(otlpJsonDecoder, "otlpJsonDecoder");
        String prefix = routePrefix(requireNonNull(basePath, "basePath"));
        HttpService transform = (ctx, req) -> HttpResponse.of(req.aggregate().thenCompose(aggregated ->
                CompletableFuture.supplyAsync(() -> respond(ctx,
                        c -> handlers.transform(c, aggregated.content().array(), otlpJsonDecoder)), ctx.blockingTaskExecutor())));
        sb.service(Route.builder().path(prefix + "/api/transform").methods(HttpMethod.POST).build(), transform);
    }

    /** The string each route starts with: empty for the root. */
    static String routePrefix(String basePath) {
        if (basePath.equals("/")) {
            return "";
        }
        if (!basePath.startsWith("/") || basePath.endsWith("/")) {
            throw new IllegalArgumentException("basePath: " + basePath
                    + " (expected: \"/\" or a path that starts with \"/\" and does not end with \"/\")");
        }
        return basePath;
    }

    @FunctionalInterface
    private interface Handler {
        HttpResponse handle(ServiceRequestContext ctx);
    }

    private static void bindGet(ServerBuilder sb, String path, Handler handler,
                                Function<? super HttpService, EncodingService> gzip) {
        HttpService service = (ctx, req) -> offEventLoop(ctx, handler);
        sb.service(Route.builder().path(path).methods(HttpMethod.GET).build(), service.decorate(gzip));
    }

    private static void bindV3(ServerBuilder sb, String path, Handler handler,
                               Function<? super HttpService, EncodingService> gzip) {
        HttpService service = (ctx, req) -> {
            try {
                return HttpResponse.of(CompletableFuture.supplyAsync(() -> respondV3(ctx, handler), ctx.blockingTaskExecutor()));
            } catch (RejectedExecutionException e) {
                return ApiV3Handlers.error(HttpStatus.SERVICE_UNAVAILABLE, "too many queries in progress, retry later");
            }
        };
        sb.service(Route.builder().path(path).methods(HttpMethod.GET).build(), service.decorate(gzip));
    }

    private static HttpResponse respondV3(ServiceRequestContext ctx, Handler handler) {
        try {
            return handler.handle(ctx);
        } catch (ApiV3Handlers.V3Exception e) {
            return ApiV3Handlers.error(e.status, e.getMessage());
        } catch (IllegalArgumentException e) {
            return ApiV3Handlers.error(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (StorageException | UnsupportedOperationException e) {
            logger.warn("storage failed serving {}", ctx.path(), e);
            return ApiV3Handlers.error(HttpStatus.INTERNAL_SERVER_ERROR, String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            logger.error("unexpected failure serving {}", ctx.path(), e);
            return ApiV3Handlers.error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
        }
    }

    /** Storage reads block, so they run on the blocking-task executor, never on the event loop. */
    private static HttpResponse offEventLoop(ServiceRequestContext ctx, Handler handler) {
        try {
            return HttpResponse.of(CompletableFuture.supplyAsync(
                    () -> respond(ctx, handler), ctx.blockingTaskExecutor()));
        } catch (RejectedExecutionException e) {
            return JsonResponses.error(ctx.alloc(), HttpStatus.SERVICE_UNAVAILABLE,
                    "too many queries in progress, retry later");
        }
    }

    private static HttpResponse respond(ServiceRequestContext ctx, Handler handler) {
        try {
            return handler.handle(ctx);
        } catch (ApiException e) {
            return JsonResponses.error(ctx.alloc(), e.status(), e.getMessage());
        } catch (StorageException e) {
            logger.warn("storage failed serving {}", ctx.path(), e);
            return JsonResponses.error(ctx.alloc(), HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        } catch (UnsupportedOperationException e) {
            logger.warn("storage cannot serve {}", ctx.path(), e);
            return JsonResponses.error(ctx.alloc(), HttpStatus.INTERNAL_SERVER_ERROR,
                    "the storage backend does not support this query: " + e.getMessage());
        } catch (RuntimeException e) {
            logger.error("unexpected failure serving {}", ctx.path(), e);
            return JsonResponses.error(ctx.alloc(), HttpStatus.INTERNAL_SERVER_ERROR,
                    "internal error: " + e);
        }
    }
}

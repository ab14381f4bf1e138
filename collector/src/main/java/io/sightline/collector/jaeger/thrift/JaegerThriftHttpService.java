package io.sightline.collector.jaeger.thrift;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jaegertracing.thriftjava.Batch;
import io.sightline.collector.InvalidSpansException;
import io.sightline.collector.OversizedBodyHandler;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.IngestSource;
import io.sightline.collector.pipeline.PipelineStoppedException;
import io.sightline.collector.pipeline.QueueFullException;
import io.sightline.collector.pipeline.TooManySpansException;
import io.sightline.core.model.Span;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.thrift.TException;

/**
 * Jaeger's collector HTTP endpoint, {@code POST /api/traces} (port 14268): one Thrift-binary
 * {@code jaeger.Batch} per request, answered 202 once the spans are stored. Status codes and
 * messages are Jaeger's ({@code http_thrift_handler.go}), including 400 for a content type it
 * does not take; on top of Jaeger, a body over the limit gets 413, a full queue 429 and a
 * stopping server 503, both with {@code Retry-After}.
 */
public final class JaegerThriftHttpService implements HttpService {
    public static final String TRACES_PATH = "/api/traces";
    public static final IngestSource JAEGER_HTTP = new IngestSource("jaeger", "http");
    static final MediaType THRIFT = MediaType.parse("application/x-thrift");
    static final MediaType THRIFT_BINARY = MediaType.parse("application/vnd.apache.thrift.binary");
    private static final String RETRY_AFTER_SECONDS = "1";

    private final IngestPipeline pipeline;
    private final CollectorMetrics metrics;
    private final long maxBodyBytes;

    /**
     * @param maxBodyBytes the largest request body accepted (Jaeger has no limit; a Sightline limit)
     */
    public JaegerThriftHttpService(IngestPipeline pipeline, CollectorMetrics metrics, long maxBodyBytes) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (maxBodyBytes <= 0 || maxBodyBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: > 0 and <= "
                    + Integer.MAX_VALUE + ")");
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Binds {@code /api/traces} only, with the body limit; the sampling paths on the same port belong elsewhere. */
    public void bindTo(ServerBuilder sb) {
        sb.route().path(TRACES_PATH).maxRequestLength(maxBodyBytes).build(this);
        sb.errorHandler(new OversizedBodyHandler(TRACES_PATH, maxBodyBytes, () -> metrics.rejected(JAEGER_HTTP, "invalid"),
                (headers, message) -> AggregatedHttpResponse.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                        MediaType.PLAIN_TEXT_UTF_8, message + "\n")));
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        if (req.method() != HttpMethod.POST) {
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED)
                    .contentType(MediaType.PLAIN_TEXT_UTF_8).add(HttpHeaderNames.ALLOW, "POST").build(),
                    HttpData.ofUtf8("405 method not allowed, supported: [POST]\n"));
        }
        String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        HttpResponse refused = checkContentType(contentType);
        if (refused != null) {
            metrics.rejected(JAEGER_HTTP, "invalid");
            return refused;
        }
        return HttpResponse.of(req.aggregate()
                .handle((aggregated, failure) -> failure == null ? handle(aggregated) : readFailure(failure))
                .thenCompose(Function.identity()));
    }

    private CompletionStage<HttpResponse> readFailure(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ContentTooLargeException) {
            metrics.rejected(JAEGER_HTTP, "invalid");
            return CompletableFuture.completedFuture(tooLarge());
        }
        return CompletableFuture.completedFuture(
                plain(HttpStatus.INTERNAL_SERVER_ERROR, "Unable to read request body: " + cause));
    }

    /** Jaeger parses the header as a MIME type, so parameters such as a charset are allowed. */
    private static HttpResponse checkContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return plain(HttpStatus.BAD_REQUEST, "Cannot parse content type: no media type");
        }
        MediaType mediaType;
        try {
            mediaType = MediaType.parse(contentType);
        } catch (IllegalArgumentException e) {
            return plain(HttpStatus.BAD_REQUEST, "Cannot parse content type: " + e.getMessage());
        }
        if (mediaType.is(THRIFT) || mediaType.is(THRIFT_BINARY)) {
            return null;
        }
        return plain(HttpStatus.BAD_REQUEST, "Unsupported content type: " + contentType
                + " (supported: application/x-thrift, application/vnd.apache.thrift.binary)");
    }

    private HttpResponse tooLarge() {
        return plain(HttpStatus.REQUEST_ENTITY_TOO_LARGE, OversizedBodyHandler.message(maxBodyBytes));
    }

    private CompletionStage<HttpResponse> handle(AggregatedHttpRequest request) {
        List<Span> spans;
        try {
            Batch batch = ThriftReader.binaryBatch(request.content().array());
            spans = JaegerThriftSpanDecoder.decode(batch);
        } catch (TException | InvalidSpansException e) {
            metrics.rejected(JAEGER_HTTP, "invalid");
            return CompletableFuture.completedFuture(
                    plain(HttpStatus.BAD_REQUEST, "Unable to process request body: " + e.getMessage()));
        }
        if (spans.isEmpty()) {
            return CompletableFuture.completedFuture(accepted());
        }
        return pipeline.submit(spans, JAEGER_HTTP)
                .handle((ignored, failure) -> failure == null ? accepted() : failure(failure));
    }

    /** Jaeger's 202 has no body (a bare status would get Armeria's default "202 Accepted" text). */
    private static HttpResponse accepted() {
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.ACCEPTED));
    }

    private HttpResponse failure(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TooManySpansException) {
            metrics.rejected(JAEGER_HTTP, "too_many_spans");
            return plain(HttpStatus.REQUEST_ENTITY_TOO_LARGE, cause.getMessage());
        }
        if (cause instanceof QueueFullException) {
            metrics.rejected(JAEGER_HTTP, "queue_full");
            return withRetryAfter(plain(HttpStatus.TOO_MANY_REQUESTS, cause.getMessage()));
        }
        if (cause instanceof PipelineStoppedException) {
            metrics.rejected(JAEGER_HTTP, "stopping");
            return withRetryAfter(plain(HttpStatus.SERVICE_UNAVAILABLE, cause.getMessage()));
        }
        metrics.rejected(JAEGER_HTTP, "storage_error");
        return plain(HttpStatus.INTERNAL_SERVER_ERROR, "Cannot submit Jaeger batch: " + cause.getMessage());
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static HttpResponse withRetryAfter(HttpResponse response) {
        return response.mapHeaders(headers -> headers.toBuilder().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS).build());
    }

    /** Jaeger answers errors with Go's {@code http.Error}: plain text ending in a newline. */
    private static HttpResponse plain(HttpStatus status, String message) {
        return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message + "\n");
    }
}

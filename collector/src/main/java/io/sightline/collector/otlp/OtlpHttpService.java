package io.sightline.collector.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.google.rpc.Status;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.ContentTooLargeException;
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
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.sightline.collector.InvalidSpansException;
import io.sightline.collector.OversizedBodyHandler;
import io.sightline.collector.RequestBodies;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestOutcome;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.IngestSource;
import io.sightline.collector.pipeline.PipelineStoppedException;
import io.sightline.collector.pipeline.QueueFullException;
import io.sightline.collector.pipeline.TooManySpansException;
import io.sightline.core.model.Span;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * OTLP/HTTP trace receiver: {@code POST /v1/traces} with protobuf or JSON bodies, optionally
 * gzip- or deflate-compressed. Answers 200 only after the spans are stored; a full queue gets
 * 429 with {@code Retry-After}, as the OTLP specification defines for retryable overload.
 */
public final class OtlpHttpService implements HttpService {
    public static final String TRACES_PATH = "/v1/traces";
    static final MediaType PROTOBUF = MediaType.parse("application/x-protobuf");
    private static final String SUPPORTED_TYPES = "[application/json, application/x-protobuf]";
    private static final String RETRY_AFTER_SECONDS = "1";

    private final IngestPipeline pipeline;
    private final CollectorMetrics metrics;
    private final long maxBodyBytes;

    /**
     * @param maxBodyBytes the largest body accepted, before and after decompression
     */
    public OtlpHttpService(IngestPipeline pipeline, CollectorMetrics metrics, long maxBodyBytes) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: > 0)");
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Binds {@code /v1/traces}, and clear 404s for the signals this server does not receive. */
    public void bindTo(ServerBuilder sb) {
        // The limit is set on the route so that an oversized body reaches this service, which
        // answers and counts it, instead of being refused before any service sees it.
        sb.route().path(TRACES_PATH).maxRequestLength(maxBodyBytes).build(this);
        sb.errorHandler(new OversizedBodyHandler(TRACES_PATH, maxBodyBytes,
                () -> metrics.rejected(IngestSource.OTLP_HTTP, "invalid"),
                (headers, message) -> status(HttpStatus.REQUEST_ENTITY_TOO_LARGE, Code.INVALID_ARGUMENT, message,
                        headers.contentType() != null && headers.contentType().is(MediaType.JSON))
                        .aggregate().join()));
        HttpService notTraces = (ctx, req) -> HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT_UTF_8,
                "404 page not found: this server receives traces only, at POST " + TRACES_PATH + "\n");
        sb.service("/v1/logs", notTraces);
        sb.service("/v1/metrics", notTraces);
        sb.serviceUnder("/", notTraces);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        if (req.method() != HttpMethod.POST) {
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED)
                            .contentType(MediaType.PLAIN_TEXT_UTF_8).add(HttpHeaderNames.ALLOW, "POST").build(),
                    com.linecorp.armeria.common.HttpData.ofUtf8("405 method not allowed, supported: [POST]\n"));
        }
        MediaType contentType = req.contentType();
        boolean json;
        if (contentType != null && contentType.is(MediaType.JSON)) {
            json = true;
        } else if (contentType != null && contentType.is(PROTOBUF)) {
            json = false;
        } else {
            metrics.rejected(IngestSource.OTLP_HTTP, "invalid");
            return HttpResponse.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, MediaType.PLAIN_TEXT_UTF_8,
                    "415 unsupported media type, supported: " + SUPPORTED_TYPES + "\n");
        }
        String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        return HttpResponse.of(req.aggregate()
                .thenCompose(aggregated -> handle(aggregated, json, encoding))
                .exceptionally(failure -> tooLargeOrRethrow(failure, json)));
    }

    private java.util.concurrent.CompletionStage<HttpResponse> handle(AggregatedHttpRequest request, boolean json, String encoding) {
        List<Span> spans;
        try {
            byte[] body = RequestBodies.decode(request.content().array(), encoding, maxBodyBytes);
            spans = json ? OtlpSpanDecoder.decode(OtlpJsonReader.read(body)) : OtlpProtobufDecoder.decode(body);
        } catch (InvalidSpansException e) {
            metrics.rejected(IngestSource.OTLP_HTTP, "invalid");
            return java.util.concurrent.CompletableFuture.completedFuture(
                    status(HttpStatus.BAD_REQUEST, Code.INVALID_ARGUMENT, e.getMessage(), json));
        } catch (RequestBodies.RequestTooLargeException e) {
            metrics.rejected(IngestSource.OTLP_HTTP, "invalid");
            return java.util.concurrent.CompletableFuture.completedFuture(
                    status(HttpStatus.REQUEST_ENTITY_TOO_LARGE, Code.INVALID_ARGUMENT, e.getMessage(), json));
        }
        if (spans.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(success(json));
        }
        return pipeline.submit(spans, IngestSource.OTLP_HTTP)
                .handle((outcome, failure) -> failure == null ? success(outcome, json) : failure(failure, json));
    }

    /** A body over the limit is cut off while it streams in; it is refused and counted like any other. */
    private HttpResponse tooLargeOrRethrow(Throwable failure, boolean json) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ContentTooLargeException) {
            metrics.rejected(IngestSource.OTLP_HTTP, "invalid");
            return status(HttpStatus.REQUEST_ENTITY_TOO_LARGE, Code.INVALID_ARGUMENT,
                    OversizedBodyHandler.message(maxBodyBytes), json);
        }
        throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
    }

    private HttpResponse failure(Throwable failure, boolean json) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TooManySpansException) {
            metrics.rejected(IngestSource.OTLP_HTTP, "too_many_spans");
            return status(HttpStatus.REQUEST_ENTITY_TOO_LARGE, Code.INVALID_ARGUMENT, cause.getMessage(), json);
        }
        if (cause instanceof QueueFullException) {
            metrics.rejected(IngestSource.OTLP_HTTP, ((QueueFullException) cause).reason());
            return withRetryAfter(status(HttpStatus.TOO_MANY_REQUESTS, Code.RESOURCE_EXHAUSTED, cause.getMessage(), json));
        }
        if (cause instanceof PipelineStoppedException) {
            metrics.rejected(IngestSource.OTLP_HTTP, "stopping");
            return withRetryAfter(status(HttpStatus.SERVICE_UNAVAILABLE, Code.UNAVAILABLE, cause.getMessage(), json));
        }
        metrics.rejected(IngestSource.OTLP_HTTP, "storage_error");
        return withRetryAfter(status(HttpStatus.SERVICE_UNAVAILABLE, Code.UNAVAILABLE,
                "storage write failed: " + cause.getMessage(), json));
    }

    private static HttpResponse withRetryAfter(HttpResponse response) {
        return response.mapHeaders(headers -> headers.toBuilder().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS).build());
    }

    private static HttpResponse success(boolean json) {
        return json ? HttpResponse.of(HttpStatus.OK, MediaType.JSON, "{}")
                : HttpResponse.of(HttpStatus.OK, PROTOBUF, new byte[0]);
    }

    /** 200 with an {@code ExportTraceServiceResponse} carrying {@code partial_success} when there is one. */
    private static HttpResponse success(IngestOutcome outcome, boolean json) {
        if (!outcome.isPartial()) {
            return success(json);
        }
        ExportTraceServiceResponse response = OtlpPartialSuccess.response(outcome);
        if (!json) {
            return HttpResponse.of(HttpStatus.OK, PROTOBUF, response.toByteArray());
        }
        try {
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON,
                    JsonFormat.printer().omittingInsignificantWhitespace().print(response).getBytes(StandardCharsets.UTF_8));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a response always prints as JSON", e);
        }
    }

    /** An error answered with a {@code google.rpc.Status} body in the request's encoding. */
    static HttpResponse status(HttpStatus httpStatus, Code code, String message, boolean json) {
        Status status = Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
        if (!json) {
            return HttpResponse.of(httpStatus, PROTOBUF, status.toByteArray());
        }
        try {
            return HttpResponse.of(httpStatus, MediaType.JSON,
                    JsonFormat.printer().omittingInsignificantWhitespace().print(status).getBytes(StandardCharsets.UTF_8));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a Status always prints as JSON", e);
        }
    }
}

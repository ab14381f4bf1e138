package io.sightline.collector.zipkin;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import io.sightline.collector.InvalidSpansException;
import io.sightline.collector.OversizedBodyHandler;
import io.sightline.collector.RequestBodies;
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

/**
 * Zipkin's span receiver: {@code POST /api/v2/spans} (JSON or proto3) and
 * {@code POST /api/v1/spans} (JSON or Thrift), optionally gzipped. Answers as Jaeger's Zipkin
 * endpoint does (202 empty, 400 {@code text/plain} naming the problem, 500 when storing
 * fails), except that it acknowledges only stored spans and refuses what it cannot take
 * instead of dropping it silently: 413 over the body limit, 429 with {@code Retry-After} when
 * the queue is full, 503 when stopping.
 */
public final class ZipkinHttpService {
    public static final String V1_PATH = "/api/v1/spans";
    public static final String V2_PATH = "/api/v2/spans";
    /** Jaeger's metric labels for spans received over Zipkin HTTP. */
    public static final IngestSource SOURCE = new IngestSource("zipkin", "http");
    private static final String RETRY_AFTER_SECONDS = "1";

    private final IngestPipeline pipeline;
    private final CollectorMetrics metrics;
    private final int maxBodyBytes;

    /**
     * @param maxBodyBytes the largest body accepted, both as sent and once gunzipped
     */
    public ZipkinHttpService(IngestPipeline pipeline, CollectorMetrics metrics, int maxBodyBytes) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: > 0)");
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Binds both paths, POST only (other methods get Armeria's 405). */
    public void bindTo(ServerBuilder sb) {
        Objects.requireNonNull(sb, "sb");
        sb.route().post(V1_PATH).maxRequestLength(maxBodyBytes)
                .build((ctx, req) -> serve(req, ZipkinEncoding::forV1, "application/json, application/x-thrift"));
        sb.route().post(V2_PATH).maxRequestLength(maxBodyBytes)
                .build((ctx, req) -> serve(req, ZipkinEncoding::forV2, "application/json, application/x-protobuf"));
        sb.errorHandler(new OversizedBodyHandler("/api/", maxBodyBytes, () -> metrics.rejected(SOURCE, "invalid"),
                (headers, message) -> AggregatedHttpResponse.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                        MediaType.PLAIN_TEXT_UTF_8, message + "\n")));
    }

    private HttpResponse serve(HttpRequest req, Function<MediaType, ZipkinEncoding> encodings, String supported) {
        MediaType contentType = req.contentType();
        if (contentType == null) {
            // Jaeger's words for a missing or unparsable Content-Type.
            return invalid("Cannot parse Content-Type: " + req.headers().get(HttpHeaderNames.CONTENT_TYPE, "(none)")
                    + " (supported: " + supported + ")");
        }
        ZipkinEncoding encoding = encodings.apply(contentType);
        if (encoding == null) {
            // Jaeger answers 400, not 415, and drop-in clients may rely on that.
            return invalid("Unsupported Content-Type: " + contentType + " (supported: " + supported + ")");
        }
        String contentEncoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING, "");
        return HttpResponse.of(req.aggregate()
                .thenCompose(body -> handle(body, encoding, contentEncoding))
                .exceptionally(this::tooLargeOrRethrow));
    }

    private CompletionStage<HttpResponse> handle(AggregatedHttpRequest request, ZipkinEncoding encoding, String contentEncoding) {
        List<Span> spans;
        try {
            byte[] body = RequestBodies.decode(request.content().array(), contentEncoding, maxBodyBytes);
            spans = ZipkinSpanDecoder.decode(decodeList(encoding, body));
        } catch (InvalidSpansException e) {
            return CompletableFuture.completedFuture(invalid("Unable to process request body: " + e.getMessage()));
        } catch (RequestBodies.RequestTooLargeException e) {
            return CompletableFuture.completedFuture(tooLarge(e.getMessage()));
        }
        if (spans.isEmpty()) {
            return CompletableFuture.completedFuture(accepted());
        }
        return pipeline.submit(spans, SOURCE)
                .handle((ignored, failure) -> failure == null ? accepted() : failure(failure));
    }

    /** The codecs signal malformed input with unchecked exceptions; all of them mean a bad request. */
    private static List<zipkin2.Span> decodeList(ZipkinEncoding encoding, byte[] body) {
        List<zipkin2.Span> spans;
        try {
            spans = encoding.decoder.decodeList(body);
        } catch (RuntimeException e) {
            throw new InvalidSpansException("malformed " + encoding.displayName + " span list: " + e.getMessage(), e);
        }
        // The binary codecs skip what they cannot read and may return an empty list for garbage;
        // a body that is not an empty list yet yields no span is refused, so that nothing is
        // acknowledged and silently lost.
        if (spans.isEmpty() && !encoding.isEmptyList(body)) {
            throw new InvalidSpansException("malformed " + encoding.displayName + " span list: no span could be read from "
                    + body.length + " bytes");
        }
        return spans;
    }

    private HttpResponse tooLargeOrRethrow(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ContentTooLargeException) {
            return tooLarge(OversizedBodyHandler.message(maxBodyBytes));
        }
        throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
    }

    private HttpResponse invalid(String message) {
        metrics.rejected(SOURCE, "invalid");
        return text(HttpStatus.BAD_REQUEST, message);
    }

    private HttpResponse tooLarge(String message) {
        metrics.rejected(SOURCE, "invalid");
        return text(HttpStatus.REQUEST_ENTITY_TOO_LARGE, message);
    }

    private HttpResponse failure(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TooManySpansException) {
            metrics.rejected(SOURCE, "too_many_spans");
            return text(HttpStatus.REQUEST_ENTITY_TOO_LARGE, cause.getMessage());
        }
        if (cause instanceof QueueFullException) {
            metrics.rejected(SOURCE, "queue_full");
            return retryLater(HttpStatus.TOO_MANY_REQUESTS, cause.getMessage());
        }
        if (cause instanceof PipelineStoppedException) {
            metrics.rejected(SOURCE, "stopping");
            return retryLater(HttpStatus.SERVICE_UNAVAILABLE, cause.getMessage());
        }
        metrics.rejected(SOURCE, "storage_error");
        return text(HttpStatus.INTERNAL_SERVER_ERROR, "storage write failed: " + cause.getMessage());
    }

    /** 202 with an empty body, as Jaeger and Zipkin answer (Armeria would add a status text). */
    private static HttpResponse accepted() {
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.ACCEPTED));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static HttpResponse retryLater(HttpStatus status, String message) {
        return HttpResponse.of(ResponseHeaders.builder(status).contentType(MediaType.PLAIN_TEXT_UTF_8)
                        .set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS).build(),
                com.linecorp.armeria.common.HttpData.ofUtf8(message + "\n"));
    }

    private static HttpResponse text(HttpStatus status, String message) {
        return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message + "\n");
    }
}

package io.sightline.collector;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Answers a request whose declared {@code Content-Length} is over a receiver's limit. The HTTP
 * layer refuses such a request before any service sees it, with a generic 413; this handler
 * gives that 413 the receiver's own body, naming the limit, and counts the refusal like every
 * other one. Requests to other paths are left to the next handler.
 */
public final class OversizedBodyHandler implements ServerErrorHandler {
    private final String path;
    private final long maxBodyBytes;
    private final Runnable countRejection;
    private final BiFunction<RequestHeaders, String, AggregatedHttpResponse> render;

    /**
     * @param render builds the 413 answer from the request headers and the message
     */
    public OversizedBodyHandler(String path, long maxBodyBytes, Runnable countRejection,
                                BiFunction<RequestHeaders, String, AggregatedHttpResponse> render) {
        this.path = Objects.requireNonNull(path, "path");
        this.maxBodyBytes = maxBodyBytes;
        this.countRejection = Objects.requireNonNull(countRejection, "countRejection");
        this.render = Objects.requireNonNull(render, "render");
    }

    /** The message every receiver uses for a body over its limit. */
    public static String message(long maxBodyBytes) {
        return "request body exceeds " + maxBodyBytes + " bytes";
    }

    /**
     * A declared length over the limit aborts the request before the service runs, with a 413
     * {@link HttpStatusException} whose cause is a {@link ContentTooLargeException}.
     */
    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        boolean tooLarge = cause instanceof ContentTooLargeException
                || cause instanceof HttpStatusException e && e.getCause() instanceof ContentTooLargeException;
        if (!tooLarge || !ctx.path().startsWith(path)) {
            return null;
        }
        countRejection.run();
        return render.apply(ctx.request().headers(), message(maxBodyBytes)).toHttpResponse();
    }

    @Override
    public AggregatedHttpResponse onProtocolViolation(ServiceConfig config, RequestHeaders headers, HttpStatus status,
                                                      String description, Throwable cause) {
        if (status != HttpStatus.REQUEST_ENTITY_TOO_LARGE || headers == null || !headers.path().startsWith(path)) {
            return null;
        }
        countRejection.run();
        return render.apply(headers, message(maxBodyBytes));
    }
}

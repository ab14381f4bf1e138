package io.sightline.collector.pipeline;

/**
 * A request carried more spans than one request may. Not retryable as it is: the sender must
 * split its batch. Nothing of the request is stored.
 */
public final class TooManySpansException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooManySpansException(int spans, int maxSpansPerRequest) {
        super("request has " + spans + " spans, more than the " + maxSpansPerRequest
                + " one request may carry (SIGHTLINE_COLLECTOR_MAX_SPANS_PER_REQUEST): send smaller batches");
    }
}

package io.sightline.collector;

/**
 * An ingest request was malformed. The message names what is wrong and where (for example
 * {@code resourceSpans[0].scopeSpans[1].spans[3].traceId: expected 16 bytes, got 5}), so that
 * the sender can fix it; nothing of the request is stored.
 */
public final class InvalidSpansException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidSpansException(String message) {
        super(message);
    }

    public InvalidSpansException(String message, Throwable cause) {
        super(message, cause);
    }
}

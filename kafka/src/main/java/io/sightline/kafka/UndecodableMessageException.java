package io.sightline.kafka;

/** A Kafka message whose value is not a span in the expected encoding; it is skipped, never retried. */
final class UndecodableMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UndecodableMessageException(String message) {
        super(message);
    }

    UndecodableMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}

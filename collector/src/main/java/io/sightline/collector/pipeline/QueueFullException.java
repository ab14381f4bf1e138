package io.sightline.collector.pipeline;

/**
 * The pipeline cannot take a batch now: its queue has no room, or intake is refused (the disk
 * is nearly full). The sender should retry later; receivers answer with their protocol's
 * retryable error (HTTP 429, gRPC RESOURCE_EXHAUSTED) and count it under {@link #reason()}.
 */
public final class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    QueueFullException(int spans, long queuedSpans, long capacitySpans, long queuedBytes, long capacityBytes) {
        super("ingest queue is full: " + queuedSpans + " of " + capacitySpans + " spans (" + queuedBytes + " of "
                + capacityBytes + " bytes) queued, no room for " + spans + " more; retry later", null, false, false);
        this.reason = "queue_full";
    }

    QueueFullException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** The {@code reason} label of the rejection metric: {@code queue_full} or {@code disk_full}. */
    public String reason() {
        return reason;
    }
}

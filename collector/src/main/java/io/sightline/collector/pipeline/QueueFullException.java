package io.sightline.collector.pipeline;

/**
 * The ingest queue had no room for a batch: the sender should retry later. Receivers answer
 * it with their protocol's retryable error (HTTP 429, gRPC RESOURCE_EXHAUSTED).
 */
public final class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    QueueFullException(int spans, long queuedSpans, long capacitySpans, long queuedBytes, long capacityBytes) {
        super("ingest queue is full: " + queuedSpans + " of " + capacitySpans + " spans (" + queuedBytes + " of "
                + capacityBytes + " bytes) queued, no room for " + spans + " more; retry later", null, false, false);
    }
}

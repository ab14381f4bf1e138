package io.sightline.collector.pipeline;

/**
 * Sizes and limits of the ingest pipeline.
 *
 * @param queueCapacitySpans spans that may wait for the storage writers
 * @param queueCapacityBytes estimated heap bytes those spans may take; whichever bound is reached
 *     first makes the queue full
 * @param writerThreads threads writing to storage
 * @param maxSpansPerWrite the most spans one storage write groups together (group commit)
 * @param rejectWhenFull true: a full queue refuses the batch with a retryable error; false:
 *     Jaeger's behaviour, the batch is acknowledged and dropped (and counted as dropped)
 * @param maxAttributeValueChars longer string (and binary) attribute values are cut to this
 *     length and the span says so in {@value AttributeTruncation#TRUNCATED_KEYS_ATTRIBUTE}
 * @param maxSpansPerRequest a request with more spans is refused whole, with
 *     {@link TooManySpansException}
 */
public record PipelineOptions(int queueCapacitySpans, long queueCapacityBytes, int writerThreads, int maxSpansPerWrite,
        boolean rejectWhenFull, int maxAttributeValueChars, int maxSpansPerRequest) {
    public static final long DEFAULT_QUEUE_CAPACITY_BYTES = 256L * 1024 * 1024;
    public static final int DEFAULT_MAX_ATTRIBUTE_VALUE_CHARS = 65_536;
    public static final int DEFAULT_MAX_SPANS_PER_REQUEST = 50_000;
    public static final PipelineOptions DEFAULTS = new PipelineOptions(20_000, 2, 5_000);

    public PipelineOptions {
        positive("queueCapacitySpans", queueCapacitySpans);
        positive("queueCapacityBytes", queueCapacityBytes);
        positive("writerThreads", writerThreads);
        positive("maxSpansPerWrite", maxSpansPerWrite);
        positive("maxAttributeValueChars", maxAttributeValueChars);
        positive("maxSpansPerRequest", maxSpansPerRequest);
    }

    /** The given sizes and limits, with the default spans-per-request limit. */
    public PipelineOptions(int queueCapacitySpans, long queueCapacityBytes, int writerThreads, int maxSpansPerWrite,
                           boolean rejectWhenFull, int maxAttributeValueChars) {
        this(queueCapacitySpans, queueCapacityBytes, writerThreads, maxSpansPerWrite, rejectWhenFull,
                maxAttributeValueChars, DEFAULT_MAX_SPANS_PER_REQUEST);
    }

    /** The given sizes, rejecting when full, with the default byte bound and attribute limit. */
    public PipelineOptions(int queueCapacitySpans, int writerThreads, int maxSpansPerWrite) {
        this(queueCapacitySpans, DEFAULT_QUEUE_CAPACITY_BYTES, writerThreads, maxSpansPerWrite, true,
                DEFAULT_MAX_ATTRIBUTE_VALUE_CHARS);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}

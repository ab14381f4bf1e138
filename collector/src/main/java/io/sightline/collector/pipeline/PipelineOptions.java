package io.sightline.collector.pipeline;

/**
 * Sizes of the ingest pipeline.
 *
 * @param queueCapacitySpans spans that may wait for the storage writers; past it, new batches
 *     are refused with a retryable error
 * @param writerThreads threads writing to storage
 * @param maxSpansPerWrite the most spans one storage write groups together (group commit)
 */
public record PipelineOptions(int queueCapacitySpans, int writerThreads, int maxSpansPerWrite) {
    public static final PipelineOptions DEFAULTS = new PipelineOptions(20_000, 2, 5_000);

    public PipelineOptions {
        if (queueCapacitySpans <= 0) {
            throw new IllegalArgumentException("queueCapacitySpans: " + queueCapacitySpans + " (expected: > 0)");
        }
        if (writerThreads <= 0) {
            throw new IllegalArgumentException("writerThreads: " + writerThreads + " (expected: > 0)");
        }
        if (maxSpansPerWrite <= 0) {
            throw new IllegalArgumentException("maxSpansPerWrite: " + maxSpansPerWrite + " (expected: > 0)");
        }
    }
}

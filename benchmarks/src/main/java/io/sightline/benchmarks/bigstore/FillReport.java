package io.sightline.benchmarks.bigstore;

import java.util.List;

/**
 * The figures of one fill.
 *
 * @param spansPerSecond spans written over the whole fill's wall-clock time (generation included)
 * @param intervalSpansPerSecond spans/s of each {@code intervalSeconds} slice, to see whether the
 *     rate falls as the store grows
 * @param writeMs latency of one {@code SpanWriter.write} call (one batch, one fsync when synced)
 * @param generatorBusyMs time the one generating thread spent making spans (rest: waiting for writers)
 * @param bytesOnDisk every file of the data directory after the store was closed (memtables flushed)
 * @param sstBytes the SST files among them
 */
record FillReport(
    long spans,
    long traces,
    boolean syncWrites,
    int batchSpans,
    int writerThreads,
    long elapsedMs,
    long spansPerSecond,
    int intervalSeconds,
    List<Long> intervalSpansPerSecond,
    long writeCalls,
    Percentiles writeMs,
    long generatorBusyMs,
    long closeMs,
    long bytesOnDisk,
    long sstBytes,
    double bytesPerSpan,
    String loadAverageBefore,
    String loadAverageAfter) {}

package io.sightline.collector.pipeline;

import io.sightline.core.model.Span;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StoredSpansListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded queue → storage writer threads. Receivers {@link #submit} decoded batches without
 * blocking; the returned future completes once the spans are written (so an acknowledgement
 * sent on completion means the spans are as durable as the store promises), or fails with
 * {@link QueueFullException} at once when the queue has no room. Writers drain several queued
 * batches into one storage write, so one fsync serves many requests.
 */
public final class IngestPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);
    private static final long POLL_INTERVAL_MS = 100;

    private final SpanWriter writer;
    private final List<StoredSpansListener> listeners;
    private final PipelineOptions options;
    private final CollectorMetrics metrics;
    private final LinkedBlockingQueue<PendingBatch> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedSpans = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final List<Thread> writerThreads = new ArrayList<>();
    /** Submitters hold the read side while enqueueing; close takes the write side to stop intake. */
    private final ReentrantReadWriteLock intake = new ReentrantReadWriteLock();
    private volatile boolean accepting;
    /** Set while intake is refused (say, the disk is nearly full): the message every sender gets. */
    private volatile String refusal;
    private volatile boolean running;
    private volatile CollectorTags collectorTags = CollectorTags.NONE;

    public IngestPipeline(SpanWriter writer, PipelineOptions options, CollectorMetrics metrics) {
        this(writer, options, metrics, List.of());
    }

    /**
     * @param listeners told of every batch storage accepted, in this order, on the writer thread
     */
    public IngestPipeline(SpanWriter writer, PipelineOptions options, CollectorMetrics metrics,
                          List<StoredSpansListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.writer = Objects.requireNonNull(writer, "writer");
        this.options = Objects.requireNonNull(options, "options");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        metrics.queueCapacity(options.queueCapacitySpans());
        metrics.queueLength(0, 0);
    }

    /** Tags added to the process of every span submitted from now on (Jaeger's {@code COLLECTOR_TAGS}). */
    public void collectorTags(CollectorTags tags) {
        this.collectorTags = Objects.requireNonNull(tags, "tags");
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        accepting = true;
        for (int i = 0; i < options.writerThreads(); i++) {
            Thread thread = new Thread(this::writeLoop, "sightline-storage-writer-" + i);
            thread.setDaemon(false);
            writerThreads.add(thread);
            thread.start();
        }
    }

    /**
     * Queues a batch for storage. Never blocks.
     *
     * @return completes when the batch is stored (or dropped, when the queue is full and the
     *     pipeline drops silently), saying which; fails with {@link TooManySpansException},
     *     {@link QueueFullException},
     *     {@link PipelineStoppedException} or the storage's exception
     */
    public CompletableFuture<IngestOutcome> submit(List<Span> spans, IngestSource source) {
        Objects.requireNonNull(spans, "spans");
        if (spans.isEmpty()) {
            return CompletableFuture.completedFuture(IngestOutcome.stored(0, 0, options.maxAttributeValueChars()));
        }
        if (spans.size() > options.maxSpansPerRequest()) {
            return CompletableFuture.failedFuture(new TooManySpansException(spans.size(), options.maxSpansPerRequest()));
        }
        IntakeScan scan = IntakeScan.of(collectorTags.apply(spans), options.maxAttributeValueChars());
        metrics.truncated(scan.truncatedSpans);
        metrics.received(scan.spans.size(), scan.tally, source);
        intake.readLock().lock();
        try {
            return enqueue(scan);
        } finally {
            intake.readLock().unlock();
        }
    }

    private CompletableFuture<IngestOutcome> enqueue(IntakeScan scan) {
        List<Span> spans = scan.spans;
        long bytes = scan.estimatedBytes;
        int truncated = scan.truncatedSpans;
        if (!accepting) {
            metrics.dropped(spans.size());
            return CompletableFuture.failedFuture(new PipelineStoppedException());
        }
        String refused = refusal;
        if (refused != null) {
            metrics.dropped(spans.size());
            return CompletableFuture.failedFuture(new QueueFullException("disk_full", refused));
        }
        long spansAfter = queuedSpans.addAndGet(spans.size());
        long bytesAfter = queuedBytes.addAndGet(bytes);
        boolean wasEmpty = spansAfter == spans.size();
        // A batch larger than the whole queue is still admitted into an empty queue, so that a
        // legal request is never refused forever.
        if (!wasEmpty && (spansAfter > options.queueCapacitySpans() || bytesAfter > options.queueCapacityBytes())) {
            queuedSpans.addAndGet(-spans.size());
            queuedBytes.addAndGet(-bytes);
            metrics.dropped(spans.size());
            if (!options.rejectWhenFull()) {
                return CompletableFuture.completedFuture(
                        IngestOutcome.dropped(spans.size(), truncated, options.maxAttributeValueChars()));
            }
            return CompletableFuture.failedFuture(new QueueFullException(spans.size(), spansAfter - spans.size(),
                    options.queueCapacitySpans(), bytesAfter - bytes, options.queueCapacityBytes()));
        }
        PendingBatch batch = new PendingBatch(spans, bytes, scan.tally, System.nanoTime());
        queue.add(batch);
        metrics.queueLength(queuedSpans.get(), queuedBytes.get());
        IngestOutcome stored = IngestOutcome.stored(spans.size(), truncated, options.maxAttributeValueChars());
        return batch.done.thenApply(ignored -> stored);
    }

    /**
     * Refuses every batch with a retryable {@link QueueFullException} carrying {@code message},
     * until {@link #resumeIntake()}; for guards outside the pipeline, such as free disk space.
     */
    public void refuseIntake(String message) {
        refusal = Objects.requireNonNull(message, "message");
    }

    public void resumeIntake() {
        refusal = null;
    }

    public boolean isRefusingIntake() {
        return refusal != null;
    }

    public long queuedSpans() {
        return queuedSpans.get();
    }

    private void writeLoop() {
        List<PendingBatch> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            PendingBatch first;
            try {
                first = queue.poll(POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            group.clear();
            group.add(first);
            int spans = first.spans.size();
            PendingBatch next;
            while (spans < options.maxSpansPerWrite() && (next = queue.peek()) != null
                    && spans + next.spans.size() <= options.maxSpansPerWrite()) {
                PendingBatch taken = queue.poll();
                if (taken == null) {
                    break;
                }
                group.add(taken);
                spans += taken.spans.size();
            }
            write(group, spans);
        }
    }

    private void write(List<PendingBatch> group, int spanCount) {
        long startNanos = System.nanoTime();
        List<Span> all = group.size() == 1 ? group.get(0).spans : new ArrayList<>(spanCount);
        for (PendingBatch batch : group) {
            metrics.inQueueLatency(startNanos - batch.enqueuedNanos);
            if (all != batch.spans) {
                all.addAll(batch.spans);
            }
        }
        Throwable failure = null;
        try {
            writer.write(all);
        } catch (RuntimeException e) {
            failure = e;
            log.warn("storage write of {} spans failed: {}", spanCount, e.toString());
        }
        metrics.saveLatency(System.nanoTime() - startNanos);
        for (PendingBatch batch : group) {
            metrics.saved(batch.tally, failure == null);
        }
        if (failure == null) {
            notifyListeners(all);
        }
        queuedSpans.addAndGet(-spanCount);
        long bytes = 0;
        for (PendingBatch batch : group) {
            bytes += batch.bytes;
        }
        queuedBytes.addAndGet(-bytes);
        metrics.queueLength(queuedSpans.get(), queuedBytes.get());
        for (PendingBatch batch : group) {
            if (failure == null) {
                batch.done.complete(null);
            } else {
                batch.done.completeExceptionally(failure);
            }
        }
    }

    private void notifyListeners(List<Span> stored) {
        for (StoredSpansListener listener : listeners) {
            try {
                listener.onStored(stored);
            } catch (RuntimeException e) {
                metrics.listenerFailed();
                log.warn("{} failed on {} stored spans: {}", listener.getClass().getSimpleName(),
                        stored.size(), e.toString());
            }
        }
    }

    /** Stops accepting new batches, then writes everything already queued before returning. */
    @Override
    public void close() {
        intake.writeLock().lock();
        try {
            accepting = false;
            running = false;
        } finally {
            intake.writeLock().unlock();
        }
        for (Thread thread : writerThreads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class PendingBatch {
        final List<Span> spans;
        final long bytes;
        /** Counted as received; counted again as saved once written, instead of a walk over the spans. */
        final ServiceTally tally;
        final long enqueuedNanos;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        PendingBatch(List<Span> spans, long bytes, ServiceTally tally, long enqueuedNanos) {
            this.spans = spans;
            this.bytes = bytes;
            this.tally = tally;
            this.enqueuedNanos = enqueuedNanos;
        }
    }
}

package io.sightline.kafka;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.core.storage.SpanWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the span topic into a storage, at least once: a poll's offsets are committed only after
 * its spans were written, so a crash re-delivers them (the query side removes the duplicates).
 * A message that is not a span is skipped, logged with its topic, partition and offset, and
 * counted; a storage failure is retried with backoff, never skipped. {@link #close()} stops
 * consuming, lets a write in progress finish, and commits what was written.
 */
public final class Ingester implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ingester.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final IngesterOptions options;
    private final List<IngesterWorker> workers;
    private final List<Thread> threads = new ArrayList<>();
    private boolean closed;

    private Ingester(IngesterOptions options, List<IngesterWorker> workers) {
        this.options = options;
        this.workers = workers;
    }

    /** Starts {@link IngesterOptions#parallelism()} consumers in the group; they connect in the background. */
    public static Ingester start(IngesterOptions options, SpanWriter writer, PrometheusRegistry registry) {
        requireNonNull(options, "options");
        requireNonNull(writer, "writer");
        requireNonNull(registry, "registry");
        IngesterMetrics metrics = new IngesterMetrics(registry);
        KafkaSpanCodec codec = new KafkaSpanCodec(options.encoding());
        List<IngesterWorker> workers = new ArrayList<>();
        for (int i = 0; i < options.parallelism(); i++) {
            workers.add(new IngesterWorker(options, i, codec, writer, metrics));
        }
        Ingester ingester = new Ingester(options, workers);
        for (int i = 0; i < workers.size(); i++) {
            Thread thread = new Thread(workers.get(i), "sightline-ingester-" + i);
            ingester.threads.add(thread);
            thread.start();
        }
        log.info("Ingester consuming topic '{}' at {} as group '{}' ({}, {} consumers)", options.topic(),
                options.brokers(), options.groupId(), options.encoding().jaegerName(), options.parallelism());
        return ingester;
    }

    public IngesterOptions options() {
        return options;
    }

    /** True from start until {@link #close()}: a consumer that fails is restarted, never left dead. */
    public boolean isRunning() {
        for (Thread thread : threads) {
            if (!thread.isAlive()) {
                return false;
            }
        }
        return !closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.forEach(IngesterWorker::stop);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                log.warn("{} did not stop within {} s; its uncommitted messages will be consumed again",
                        thread.getName(), STOP_WAIT.toSeconds());
            }
        }
    }
}

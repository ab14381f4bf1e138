package io.sightline.kafka;

import io.sightline.core.model.Span;
import io.sightline.core.storage.SpanWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of the group, on its own thread: poll, decode, write, then commit. Polls and
 * writes alternate on this thread, so a rebalance (which only happens inside poll) never finds
 * written-but-uncommitted messages.
 */
final class IngesterWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(IngesterWorker.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final IngesterOptions options;
    private final int index;
    private final KafkaSpanCodec codec;
    private final SpanWriter writer;
    private final IngesterMetrics metrics;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    IngesterWorker(IngesterOptions options, int index, KafkaSpanCodec codec, SpanWriter writer, IngesterMetrics metrics) {
        this.options = options;
        this.index = index;
        this.codec = codec;
        this.writer = writer;
        this.metrics = metrics;
    }

    /** Makes {@link #run()} return after the write in progress (if any) and its commit. */
    void stop() {
        stopping.countDown();
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /**
     * Consumes until stopped. An unexpected consumer error (the broker refusing the group, say)
     * closes the consumer and starts a new one after the longest backoff, rather than leaving the
     * partitions unconsumed; the group re-delivers whatever was not committed.
     */
    @Override
    public void run() {
        while (!isStopping()) {
            try {
                consumeUntilStopped();
            } catch (RuntimeException e) {
                metrics.consumerRestarted();
                log.error("Ingester consumer {} failed; restarting it in {} ms (uncommitted messages are consumed again)",
                        index, options.retryBackoffMaxMs(), e);
                try {
                    stopping.await(options.retryBackoffMaxMs(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void consumeUntilStopped() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(options.consumerProperties(index))) {
            consumer = kafka;
            if (isStopping()) {
                return;
            }
            kafka.subscribe(List.of(options.topic()), new Rebalance());
            while (!isStopping()) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = kafka.poll(POLL_TIMEOUT);
                } catch (WakeupException e) {
                    break;
                }
                if (!records.isEmpty()) {
                    process(kafka, records);
                }
                updateLag(kafka);
            }
            closeQuietly(kafka);
        } finally {
            consumer = null;
        }
    }

    private void closeQuietly(KafkaConsumer<byte[], byte[]> kafka) {
        try {
            kafka.close(CLOSE_TIMEOUT);
        } catch (KafkaException e) {
            log.debug("closing consumer {}", index, e);
        }
    }

    private void process(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
        long startNanos = System.nanoTime();
        List<Span> spans = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            metrics.consumed(partition, record.offset());
            try {
                spans.add(codec.decode(record.value()));
            } catch (UndecodableMessageException e) {
                metrics.decodeError(record.topic());
                log.warn("Skipping message topic={} partition={} offset={}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
            offsets.put(partition, new OffsetAndMetadata(record.offset() + 1));
        }
        if (!spans.isEmpty() && !writeUntilStored(kafka, spans)) {
            return;
        }
        metrics.written(spans.size(), (System.nanoTime() - startNanos) / 1e9);
        commit(kafka, offsets);
    }

    /**
     * Retries with doubling backoff until the write succeeds; false only when stopping first, and
     * then nothing of the poll is committed. The partitions are paused meanwhile and the
     * consumer keeps polling (getting nothing), so a long storage outage does not get this
     * consumer thrown out of the group for not polling.
     */
    private boolean writeUntilStored(KafkaConsumer<byte[], byte[]> kafka, List<Span> spans) {
        long backoffMs = options.retryBackoffMinMs();
        for (int attempt = 1; ; attempt++) {
            try {
                writer.write(spans);
                if (attempt > 1) {
                    kafka.resume(kafka.paused());
                    log.info("Storage write of {} spans succeeded after {} attempts", spans.size(), attempt);
                }
                return true;
            } catch (RuntimeException e) {
                metrics.writeFailed();
                log.warn("Storage write of {} spans failed (attempt {}), retrying in {} ms: {}", spans.size(), attempt,
                        backoffMs, e.getMessage());
            }
            try {
                if (stopping.await(backoffMs, TimeUnit.MILLISECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            backoffMs = Math.min(backoffMs * 2, options.retryBackoffMaxMs());
            keepMembership(kafka);
        }
    }

    /**
     * A partition assigned by a rebalance inside this poll is not paused yet and may return
     * records; they are put back (seek to the first) so the normal loop consumes them later.
     */
    private void keepMembership(KafkaConsumer<byte[], byte[]> kafka) {
        try {
            kafka.pause(kafka.assignment());
            ConsumerRecords<byte[], byte[]> early = kafka.poll(Duration.ZERO);
            for (TopicPartition partition : early.partitions()) {
                kafka.seek(partition, early.records(partition).get(0).offset());
            }
            kafka.pause(kafka.assignment());
        } catch (WakeupException e) {
            // stop() was called: the retry loop sees it next
        }
    }

    /**
     * Commits synchronously. A wakeup from {@link #stop()} interrupts at most one call, so the commit
     * is tried once more: what was written should not be consumed again after a clean shutdown.
     */
    private void commit(KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, OffsetAndMetadata> offsets) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                kafka.commitSync(offsets);
                return;
            } catch (WakeupException e) {
                continue;
            } catch (KafkaException e) {
                metrics.commitFailed();
                log.warn("Offset commit failed; the group will deliver these messages again: {}", e.getMessage());
                return;
            }
        }
    }

    private void updateLag(KafkaConsumer<byte[], byte[]> kafka) {
        for (TopicPartition partition : kafka.assignment()) {
            OptionalLong lag = kafka.currentLag(partition);
            if (lag.isPresent()) {
                metrics.lag(partition, lag.getAsLong());
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(metrics::assigned);
            if (!partitions.isEmpty()) {
                log.info("Ingester consumer {} assigned {}", index, partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(metrics::released);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(metrics::released);
        }
    }
}

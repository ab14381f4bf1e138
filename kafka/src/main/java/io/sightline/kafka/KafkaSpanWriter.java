package io.sightline.kafka;

import static java.util.Objects.requireNonNull;

import io.sightline.core.model.Span;
import io.sightline.core.storage.DependencyReader;
import io.sightline.core.storage.HealthStatus;
import io.sightline.core.storage.ServiceCatalog;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.StorageException;
import io.sightline.core.storage.TraceReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * The collector's storage when spans go to Kafka ({@code SPAN_STORAGE_TYPE=kafka}): every span is
 * one message, keyed by trace ID. A write returns only once the broker acknowledged every span
 * of it (with {@code acks=all}, once every in-sync replica has it), so a span the collector
 * acknowledged to its client is in the topic. A failed write may have delivered some spans of
 * the batch; the client's retry then delivers them again, and the query side drops the
 * duplicates. This storage only writes: traces are read from the storage the ingester fills.
 */
public final class KafkaSpanWriter implements StorageComponent, SpanWriter {
    static final String READ_UNSUPPORTED = "the kafka storage only writes spans to a topic; run the query role "
            + "on the storage the ingester writes to";

    private final KafkaProducerOptions options;
    private final KafkaSpanCodec codec;
    private final Producer<byte[], byte[]> producer;
    private volatile HealthStatus health = HealthStatus.OK;
    private volatile boolean closed;

    private KafkaSpanWriter(KafkaProducerOptions options, Producer<byte[], byte[]> producer) {
        this.options = options;
        this.codec = new KafkaSpanCodec(options.encoding());
        this.producer = producer;
    }

    /**
     * Connects and waits (at most {@link KafkaProducerOptions#metadataTimeoutMs()}) for the
     * topic's partitions, so an unreachable broker or a missing topic stops start-up with a
     * clear message instead of failing every write later.
     *
     * @throws StorageException naming the brokers and the topic when they cannot be reached
     */
    public static KafkaSpanWriter open(KafkaProducerOptions options) {
        requireNonNull(options, "options");
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(options.producerProperties());
        } catch (KafkaException e) {
            throw new StorageException("cannot create the Kafka producer for " + options.brokers() + ": "
                    + rootMessage(e), e);
        }
        try {
            producer.partitionsFor(options.topic());
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw new StorageException("cannot reach Kafka at " + options.brokers() + ": no metadata for topic '"
                    + options.topic() + "' within " + options.metadataTimeoutMs() + " ms (is the broker up, and does "
                    + "the topic exist or may the broker create it?): " + rootMessage(e), e);
        }
        return new KafkaSpanWriter(options, producer);
    }

    public KafkaProducerOptions options() {
        return options;
    }

    @Override
    public void write(List<Span> spans) {
        requireNonNull(spans, "spans");
        if (closed) {
            throw new StorageException("the Kafka writer is closed");
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(spans.size());
        try {
            for (Span span : spans) {
                sent.add(producer.send(new ProducerRecord<>(options.topic(), KafkaSpanCodec.key(span.traceId()),
                        codec.encode(span))));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw failed(e.getCause() == null ? e : e.getCause(), spans.size());
        } catch (KafkaException e) {
            throw failed(e, spans.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for Kafka to acknowledge " + spans.size() + " spans", e);
        }
        health = HealthStatus.OK;
    }

    private StorageException failed(Throwable cause, int spanCount) {
        String message = "Kafka did not acknowledge " + spanCount + " spans to topic '" + options.topic() + "' at "
                + options.brokers() + ": " + rootMessage(cause);
        health = HealthStatus.unhealthy(message);
        return new StorageException(message, cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage())
                : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    @Override
    public SpanWriter spanWriter() {
        return this;
    }

    @Override
    public TraceReader traceReader() {
        throw new UnsupportedOperationException(READ_UNSUPPORTED);
    }

    @Override
    public ServiceCatalog serviceCatalog() {
        throw new UnsupportedOperationException(READ_UNSUPPORTED);
    }

    @Override
    public DependencyReader dependencyReader() {
        throw new UnsupportedOperationException(READ_UNSUPPORTED);
    }

    /** Unhealthy from a failed write until the next write succeeds. */
    @Override
    public HealthStatus check() {
        return closed ? HealthStatus.unhealthy("the Kafka writer is closed") : health;
    }

    /** Sends what is still buffered (waiting at most the send timeout), then disconnects. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        producer.close(Duration.ofMillis(options.sendTimeoutMs()));
    }
}

package io.sightline.kafka;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import org.apache.kafka.common.TopicPartition;

/**
 * The ingester's self-metrics. Names follow Jaeger's ingester where it has one
 * ({@code jaeger_ingester_sarama_consumer_*} per topic and partition,
 * {@code jaeger_ingester_span_processor_*}); what Jaeger does not count has a
 * {@code sightline_ingester_*} name.
 */
final class IngesterMetrics {
    private static final String CONSUMER = "jaeger_ingester_sarama_consumer_";

    private final Counter messages;
    private final Gauge currentOffset;
    private final Gauge offsetLag;
    private final Gauge partitionsHeld;
    private final Counter partitionStarts;
    private final Counter partitionCloses;
    private final Counter processorErrors;
    private final Histogram processorLatency;
    private final Counter decodeErrors;
    private final Counter spansWritten;
    private final Counter writeFailures;
    private final Counter commitFailures;
    private final Counter consumerRestarts;

    IngesterMetrics(PrometheusRegistry registry) {
        messages = Counter.builder().name(CONSUMER + "messages_total")
                .help("Messages consumed, per topic and partition.").labelNames("topic", "partition").register(registry);
        currentOffset = Gauge.builder().name(CONSUMER + "current_offset")
                .help("Offset of the last message consumed.").labelNames("topic", "partition").register(registry);
        offsetLag = Gauge.builder().name(CONSUMER + "offset_lag")
                .help("Messages in the partition not yet consumed (the consumer's lag).")
                .labelNames("topic", "partition").register(registry);
        partitionsHeld = Gauge.builder().name(CONSUMER + "partitions_held")
                .help("Partitions currently assigned to this ingester.").register(registry);
        partitionStarts = Counter.builder().name(CONSUMER + "partition_start_total")
                .help("Partitions assigned to this ingester.").labelNames("topic", "partition").register(registry);
        partitionCloses = Counter.builder().name(CONSUMER + "partition_close_total")
                .help("Partitions taken from this ingester (rebalance or shutdown).")
                .labelNames("topic", "partition").register(registry);
        processorErrors = Counter.builder().name("jaeger_ingester_span_processor_errors_total")
                .help("Messages that failed to be processed: undecodable ones and failed storage writes.")
                .register(registry);
        processorLatency = Histogram.builder().name("jaeger_ingester_span_processor_latency_seconds")
                .help("Time to decode and store one poll's messages, seconds.").unit(Unit.SECONDS)
                .register(registry);
        decodeErrors = Counter.builder().name("sightline_ingester_decode_errors_total")
                .help("Messages skipped because they could not be decoded as a span.").labelNames("topic")
                .register(registry);
        spansWritten = Counter.builder().name("sightline_ingester_spans_written_total")
                .help("Spans written to storage.").register(registry);
        writeFailures = Counter.builder().name("sightline_ingester_write_failures_total")
                .help("Failed storage writes; each is retried with backoff.").register(registry);
        commitFailures = Counter.builder().name("sightline_ingester_commit_failures_total")
                .help("Offset commits refused (e.g. during a rebalance); their messages are consumed again.")
                .register(registry);
        consumerRestarts = Counter.builder().name("sightline_ingester_consumer_restarts_total")
                .help("Consumers closed and started again after an unexpected error.").register(registry);
    }

    void consumed(TopicPartition partition, long offset) {
        messages.labelValues(partition.topic(), Integer.toString(partition.partition())).inc();
        currentOffset.labelValues(partition.topic(), Integer.toString(partition.partition())).set(offset);
    }

    void lag(TopicPartition partition, long lag) {
        offsetLag.labelValues(partition.topic(), Integer.toString(partition.partition())).set(lag);
    }

    void assigned(TopicPartition partition) {
        partitionsHeld.inc();
        partitionStarts.labelValues(partition.topic(), Integer.toString(partition.partition())).inc();
    }

    /** The partition's gauges go too, so a partition now held elsewhere does not show a stale lag here. */
    void released(TopicPartition partition) {
        partitionsHeld.dec();
        String topic = partition.topic();
        String number = Integer.toString(partition.partition());
        partitionCloses.labelValues(topic, number).inc();
        offsetLag.remove(topic, number);
        currentOffset.remove(topic, number);
    }

    void decodeError(String topic) {
        decodeErrors.labelValues(topic).inc();
        processorErrors.inc();
    }

    void written(int spans, double seconds) {
        spansWritten.inc(spans);
        processorLatency.observe(seconds);
    }

    void writeFailed() {
        writeFailures.inc();
        processorErrors.inc();
    }

    void commitFailed() {
        commitFailures.inc();
    }

    void consumerRestarted() {
        consumerRestarts.inc();
    }
}

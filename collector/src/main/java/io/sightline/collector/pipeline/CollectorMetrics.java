package io.sightline.collector.pipeline;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collector's self-metrics, with the names, labels and units of Jaeger's
 * {@code jaeger_collector_*} families so that existing dashboards and alerts keep working.
 * Latencies are histograms in seconds with Jaeger's buckets.
 */
public final class CollectorMetrics {
    static final String PREFIX = "jaeger_collector_";
    private static final double[] LATENCY_BUCKETS_SECONDS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
    private static final int MAX_SERVICE_LABELS = 4000;

    private final String host;
    private final ServiceNameLabels serviceLabels = new ServiceNameLabels(MAX_SERVICE_LABELS);
    private final Counter spansReceived;
    private final Counter tracesReceived;
    private final Counter spansSaved;
    private final Counter tracesSaved;
    private final Counter spansDropped;
    private final Counter rejectedRequests;
    final Gauge queueLength;
    final Gauge queueCapacity;
    private final Gauge batchSize;
    private final Gauge queueBytes;
    private final Counter truncatedSpans;
    private final Counter listenerFailures;
    private final Histogram saveLatency;
    private final Histogram inQueueLatency;
    private final CounterDataPoint spansDroppedOfHost;
    private final DistributionDataPoint saveLatencyOfHost;
    private final DistributionDataPoint inQueueLatencyOfHost;
    private final GaugeDataPoint batchSizeOfHost;
    /** Resolved on first use, as before, so that metrics without a pipeline show no queue. */
    private volatile GaugeDataPoint queueLengthOfHost;
    private final ConcurrentHashMap<IngestSource, ServiceCounters> receivedBySource = new ConcurrentHashMap<>();
    private final ServiceCounters savedOk;
    private final ServiceCounters savedErr;

    public CollectorMetrics(PrometheusRegistry registry, String host) {
        this.host = host;
        spansReceived = Counter.builder().name(PREFIX + "spans_received_total")
                .help("Spans accepted at ingest, before the queue")
                .labelNames("debug", "format", "svc", "transport").register(registry);
        tracesReceived = Counter.builder().name(PREFIX + "traces_received_total")
                .help("Root spans accepted at ingest")
                .labelNames("debug", "format", "sampler_type", "svc", "transport").register(registry);
        spansSaved = Counter.builder().name(PREFIX + "spans_saved_by_svc_total")
                .help("Spans after the storage write, by result")
                .labelNames("debug", "result", "svc").register(registry);
        tracesSaved = Counter.builder().name(PREFIX + "traces_saved_by_svc_total")
                .help("Root spans after the storage write, by result")
                .labelNames("debug", "result", "sampler_type", "svc").register(registry);
        spansDropped = Counter.builder().name(PREFIX + "spans_dropped_total")
                .help("Spans refused because the queue was full or the server was stopping")
                .labelNames("host").register(registry);
        rejectedRequests = Counter.builder().name("sightline_ingest_rejected_requests_total")
                .help("Ingest requests refused, by reason (invalid, queue_full, stopping, storage_error)")
                .labelNames("format", "reason", "transport").register(registry);
        queueLength = Gauge.builder().name(PREFIX + "queue_length")
                .help("Spans waiting in the queue").labelNames("host").register(registry);
        queueCapacity = Gauge.builder().name(PREFIX + "queue_capacity")
                .help("Queue capacity in spans").labelNames("host").register(registry);
        batchSize = Gauge.builder().name(PREFIX + "batch_size")
                .help("Spans in the last batch received").labelNames("host").register(registry);
        queueBytes = Gauge.builder().name("sightline_collector_queue_bytes")
                .help("Estimated heap bytes of the spans waiting in the queue").register(registry);
        listenerFailures = Counter.builder().name("sightline_collector_listener_failures_total")
                .help("Stored batches a listener (SPM, sampling throughput) failed to process").register(registry);
        truncatedSpans = Counter.builder().name("sightline_collector_truncated_spans_total")
                .help("Spans stored with attribute values cut to the configured length").register(registry);
        saveLatency = Histogram.builder().name(PREFIX + "save_latency")
                .help("Storage write time, seconds").classicOnly().classicUpperBounds(LATENCY_BUCKETS_SECONDS)
                .labelNames("host").register(registry);
        inQueueLatency = Histogram.builder().name(PREFIX + "in_queue_latency")
                .help("Time from enqueue to the start of the storage write, seconds")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS_SECONDS)
                .labelNames("host").register(registry);
        // Created up front so that dashboards and alerts see a 0, not a missing series; kept,
        // because looking a child up builds a new key each time.
        spansDroppedOfHost = spansDropped.labelValues(host);
        saveLatencyOfHost = saveLatency.labelValues(host);
        inQueueLatencyOfHost = inQueueLatency.labelValues(host);
        batchSizeOfHost = batchSize.labelValues(host);
        batchSizeOfHost.set(0);
        savedOk = savedCounters("ok");
        savedErr = savedCounters("err");
    }

    /** Counts a batch accepted at ingest, before the queue; {@code tally} holds its spans. */
    void received(int batchSpans, ServiceTally tally, IngestSource source) {
        batchSizeOfHost.set(batchSpans);
        ServiceCounters counters = receivedBySource.get(source);
        if (counters == null) {
            counters = receivedBySource.computeIfAbsent(source, this::receivedCounters);
        }
        add(counters, tally);
    }

    /** Counts a batch after its storage write; {@code tally} is the one counted as received. */
    void saved(ServiceTally tally, boolean ok) {
        add(ok ? savedOk : savedErr, tally);
    }

    private void add(ServiceCounters counters, ServiceTally tally) {
        List<ServiceTally.Counts> services = tally.services();
        for (int i = 0; i < services.size(); i++) {
            ServiceTally.Counts counts = services.get(i);
            counters.add(serviceLabels.label(counts.serviceName), counts);
        }
    }

    private ServiceCounters receivedCounters(IngestSource source) {
        return new ServiceCounters(
                spansReceived, (debug, svc) -> new String[] {debug, source.format(), svc, source.transport()},
                tracesReceived, (debug, sampler, svc) -> new String[] {debug, source.format(), sampler, svc, source.transport()});
    }

    private ServiceCounters savedCounters(String result) {
        return new ServiceCounters(
                spansSaved, (debug, svc) -> new String[] {debug, result, svc},
                tracesSaved, (debug, sampler, svc) -> new String[] {debug, result, sampler, svc});
    }

    void dropped(int spans) {
        spansDroppedOfHost.inc(spans);
    }

    /** Counts a refused request; {@code reason} is one of invalid, queue_full, stopping, storage_error. */
    public void rejected(IngestSource source, String reason) {
        rejectedRequests.labelValues(source.format(), reason, source.transport()).inc();
    }

    void saveLatency(long nanos) {
        saveLatencyOfHost.observe(nanos / 1e9);
    }

    void inQueueLatency(long nanos) {
        inQueueLatencyOfHost.observe(nanos / 1e9);
    }

    void queueLength(long spans, long bytes) {
        GaugeDataPoint length = queueLengthOfHost;
        if (length == null) {
            length = queueLength.labelValues(host);
            queueLengthOfHost = length;
        }
        length.set(spans);
        queueBytes.set(bytes);
    }

    void listenerFailed() {
        listenerFailures.inc();
    }

    void truncated(int spans) {
        if (spans > 0) {
            truncatedSpans.inc(spans);
        }
    }

    void queueCapacity(long spans) {
        queueCapacity.labelValues(host).set(spans);
    }
}

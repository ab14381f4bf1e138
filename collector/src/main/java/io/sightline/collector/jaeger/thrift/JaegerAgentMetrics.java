package io.sightline.collector.jaeger.thrift;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;

/**
 * The Jaeger agent's UDP server self-metrics, named as Jaeger's {@code thrift.udp.server.*} and
 * {@code thrift.udp.t-processor.*} families and labelled {@code model} (jaeger) and
 * {@code protocol} (compact, binary). The default prefix is that of Jaeger ≥ 1.53 and of the
 * standalone agent, {@value #PREFIX}; all-in-one 1.50–1.52 used {@value #LEGACY_ALL_IN_ONE_PREFIX}.
 * One instance serves every agent port of a registry.
 */
public final class JaegerAgentMetrics {
    public static final String PREFIX = "jaeger_agent_";
    public static final String LEGACY_ALL_IN_ONE_PREFIX = "jaeger_";
    private static final double[] CLOSE_TIME_BUCKETS_SECONDS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
    private static final String[] LABELS = {"model", "protocol"};

    final Counter packetsProcessed;
    final Counter packetsDropped;
    final Counter readErrors;
    final Gauge queueSize;
    final Gauge packetSize;
    final Counter handlerErrors;
    final Histogram closeTime;
    final Counter oversizePackets;
    final Counter zipkinBatchesDropped;

    public JaegerAgentMetrics(PrometheusRegistry registry) {
        this(registry, PREFIX);
    }

    /**
     * @param prefix {@value #PREFIX}, or {@value #LEGACY_ALL_IN_ONE_PREFIX} for dashboards made for all-in-one 1.50
     */
    public JaegerAgentMetrics(PrometheusRegistry registry, String prefix) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(prefix, "prefix");
        packetsProcessed = Counter.builder().name(prefix + "thrift_udp_server_packets_processed_total")
                .help("UDP packets read and queued for decoding").labelNames(LABELS).register(registry);
        packetsDropped = Counter.builder().name(prefix + "thrift_udp_server_packets_dropped_total")
                .help("UDP packets dropped because the decoding queue was full").labelNames(LABELS).register(registry);
        readErrors = Counter.builder().name(prefix + "thrift_udp_server_read_errors_total")
                .help("Failed reads from the UDP socket").labelNames(LABELS).register(registry);
        queueSize = Gauge.builder().name(prefix + "thrift_udp_server_queue_size")
                .help("UDP packets waiting to be decoded").labelNames(LABELS).register(registry);
        packetSize = Gauge.builder().name(prefix + "thrift_udp_server_packet_size")
                .help("Size of the last UDP packet read, bytes").labelNames(LABELS).register(registry);
        handlerErrors = Counter.builder().name(prefix + "thrift_udp_t_processor_handler_errors_total")
                .help("UDP packets that could not be decoded").labelNames(LABELS).register(registry);
        closeTime = Histogram.builder().name(prefix + "thrift_udp_t_processor_close_time")
                .help("Time to stop a UDP server and finish its queued packets, seconds")
                .classicOnly().classicUpperBounds(CLOSE_TIME_BUCKETS_SECONDS).labelNames(LABELS).register(registry);
        oversizePackets = Counter.builder().name("sightline_agent_udp_oversize_packets_total")
                .help("UDP packets longer than the maximum packet size, dropped unread").labelNames(LABELS)
                .register(registry);
        zipkinBatchesDropped = Counter.builder().name("sightline_agent_zipkin_batches_dropped_total")
                .help("Agent emitZipkinBatch packets, which this server does not take, dropped").labelNames(LABELS)
                .register(registry);
    }

    /** The data points of one UDP server, created at once so that every series starts at 0. */
    UdpServerMetrics udpServer(String model, String protocol) {
        return new UdpServerMetrics(this, model, protocol);
    }
}

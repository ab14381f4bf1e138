package io.sightline.collector.jaeger.thrift;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/** The {@link JaegerAgentMetrics} series of one UDP server, looked up once rather than per packet. */
final class UdpServerMetrics {
    private final CounterDataPoint packetsProcessed;
    private final CounterDataPoint packetsDropped;
    private final CounterDataPoint readErrors;
    private final GaugeDataPoint queueSize;
    private final GaugeDataPoint packetSize;
    private final CounterDataPoint handlerErrors;
    private final DistributionDataPoint closeTime;
    private final CounterDataPoint oversizePackets;
    private final CounterDataPoint zipkinBatchesDropped;

    UdpServerMetrics(JaegerAgentMetrics families, String model, String protocol) {
        packetsProcessed = families.packetsProcessed.labelValues(model, protocol);
        packetsDropped = families.packetsDropped.labelValues(model, protocol);
        readErrors = families.readErrors.labelValues(model, protocol);
        queueSize = families.queueSize.labelValues(model, protocol);
        packetSize = families.packetSize.labelValues(model, protocol);
        handlerErrors = families.handlerErrors.labelValues(model, protocol);
        closeTime = families.closeTime.labelValues(model, protocol);
        oversizePackets = families.oversizePackets.labelValues(model, protocol);
        zipkinBatchesDropped = families.zipkinBatchesDropped.labelValues(model, protocol);
        queueSize.set(0);
        packetSize.set(0);
    }

    void packetRead(int bytes) {
        packetSize.set(bytes);
    }

    void packetQueued() {
        packetsProcessed.inc();
    }

    void packetsDropped(long packets) {
        packetsDropped.inc(packets);
    }

    void readError() {
        readErrors.inc();
    }

    void queueSize(int packets) {
        queueSize.set(packets);
    }

    void handlerError() {
        handlerErrors.inc();
    }

    void oversizePacket() {
        oversizePackets.inc();
        handlerErrors.inc();
    }

    void zipkinBatchDropped() {
        zipkinBatchesDropped.inc();
    }

    void closeTime(long nanos) {
        closeTime.observe(nanos / 1e9);
    }
}

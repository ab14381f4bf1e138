package io.sightline.collector.jaeger.thrift;

import io.sightline.collector.pipeline.IngestSource;
import java.util.Objects;

/**
 * Settings of one Jaeger agent UDP port, with Jaeger's defaults
 * ({@code PROCESSOR_JAEGER_*_SERVER_*}).
 *
 * @param host the address to bind; {@code 0.0.0.0} for every interface
 * @param port the UDP port; 0 picks a free one (tests)
 * @param maxPacketBytes longer datagrams are dropped unread and counted (Jaeger: 65000)
 * @param workers threads decoding packets (Jaeger: 10)
 * @param queuePackets packets that may wait for a worker; a packet that finds the queue full is
 *     dropped and counted (Jaeger: 1000)
 * @param socketBufferBytes the socket receive buffer, or 0 to keep the operating system's default
 * @param pipelineSource the {@code format} and {@code transport} labels the spans are counted
 *     under in the collector metrics
 */
public record JaegerAgentUdpOptions(String host, int port, int maxPacketBytes, int workers, int queuePackets,
        int socketBufferBytes, IngestSource pipelineSource) {
    public static final int COMPACT_PORT = 6831;
    public static final int BINARY_PORT = 6832;
    public static final int DEFAULT_MAX_PACKET_BYTES = 65_000;
    public static final int DEFAULT_WORKERS = 10;
    public static final int DEFAULT_QUEUE_PACKETS = 1_000;
    /** The largest UDP payload over IPv4. */
    static final int MAX_UDP_PAYLOAD_BYTES = 65_507;

    public JaegerAgentUdpOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(pipelineSource, "pipelineSource");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        if (maxPacketBytes <= 0 || maxPacketBytes > MAX_UDP_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("maxPacketBytes: " + maxPacketBytes + " (expected: 1.." + MAX_UDP_PAYLOAD_BYTES + ")");
        }
        if (workers <= 0) {
            throw new IllegalArgumentException("workers: " + workers + " (expected: > 0)");
        }
        if (queuePackets <= 0) {
            throw new IllegalArgumentException("queuePackets: " + queuePackets + " (expected: > 0)");
        }
        if (socketBufferBytes < 0) {
            throw new IllegalArgumentException("socketBufferBytes: " + socketBufferBytes + " (expected: >= 0)");
        }
    }

    /** Jaeger's defaults for the port of {@code protocol}, on every interface. */
    public static JaegerAgentUdpOptions defaults(JaegerAgentUdpServer.Protocol protocol) {
        return new JaegerAgentUdpOptions("0.0.0.0",
                protocol == JaegerAgentUdpServer.Protocol.COMPACT ? COMPACT_PORT : BINARY_PORT,
                DEFAULT_MAX_PACKET_BYTES, DEFAULT_WORKERS, DEFAULT_QUEUE_PACKETS, 0,
                JaegerAgentUdpServer.FORWARDED_AS_GRPC);
    }

    public JaegerAgentUdpOptions withAddress(String host, int port) {
        return new JaegerAgentUdpOptions(host, port, maxPacketBytes, workers, queuePackets, socketBufferBytes, pipelineSource);
    }

    public JaegerAgentUdpOptions withQueue(int workers, int queuePackets) {
        return new JaegerAgentUdpOptions(host, port, maxPacketBytes, workers, queuePackets, socketBufferBytes, pipelineSource);
    }

    public JaegerAgentUdpOptions withMaxPacketBytes(int maxPacketBytes) {
        return new JaegerAgentUdpOptions(host, port, maxPacketBytes, workers, queuePackets, socketBufferBytes, pipelineSource);
    }

    public JaegerAgentUdpOptions withPipelineSource(IngestSource pipelineSource) {
        return new JaegerAgentUdpOptions(host, port, maxPacketBytes, workers, queuePackets, socketBufferBytes, pipelineSource);
    }
}

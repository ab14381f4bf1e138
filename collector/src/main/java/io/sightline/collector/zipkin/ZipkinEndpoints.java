package io.sightline.collector.zipkin;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import java.util.List;
import zipkin2.Endpoint;

/** Endpoint-derived tags, with Jaeger's keys and types. */
final class ZipkinEndpoints {
    static final String PEER_SERVICE = "peer.service";
    static final String PEER_IPV4 = "peer.ipv4";
    static final String PEER_IPV6 = "peer.ipv6";
    static final String PEER_PORT = "peer.port";
    static final String PROCESS_IP = "ip";

    private ZipkinEndpoints() {}

    /**
     * The remote endpoint as Jaeger turns its address annotation ({@code sa}, {@code ca} or
     * {@code ma}) into tags: the peer service always (even empty, as Jaeger does), the
     * addresses and port only when set.
     */
    static void addPeerTags(Endpoint remote, List<Attribute> out) {
        out.add(Attribute.of(PEER_SERVICE, remote.serviceName() == null ? "" : remote.serviceName()));
        byte[] ipv4 = remote.ipv4Bytes();
        if (ipv4 != null) {
            out.add(Attribute.of(PEER_IPV4, ipv4AsUnsigned(ipv4)));
        }
        byte[] ipv6 = remote.ipv6Bytes();
        if (ipv6 != null) {
            out.add(new Attribute(PEER_IPV6, AttributeValue.of(ipv6)));
        }
        if (remote.portAsInt() != 0) {
            out.add(Attribute.of(PEER_PORT, (long) remote.portAsInt()));
        }
    }

    /**
     * Jaeger keeps an IPv4 address as the int64 of its unsigned 32-bit value (1.2.3.4 is
     * 16909060); 0 when the endpoint has none, which callers treat as absent.
     */
    static long ipv4AsUnsigned(byte[] ipv4) {
        if (ipv4 == null) {
            return 0;
        }
        return ((ipv4[0] & 0xFFL) << 24) | ((ipv4[1] & 0xFFL) << 16) | ((ipv4[2] & 0xFFL) << 8) | (ipv4[3] & 0xFFL);
    }
}

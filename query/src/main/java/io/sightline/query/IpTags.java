package io.sightline.query;

/**
 * Jaeger clients (and its IP-tag adjuster) may carry IPv4 addresses as an int64 tag; the UI
 * shows them as dotted quads.
 */
final class IpTags {
    static final String PROCESS_IP_KEY = "ip";
    static final String PEER_IPV4_KEY = "peer.ipv4";

    private IpTags() {}

    /** The low 32 bits, most significant byte first. */
    static String dottedQuad(long ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }
}

package io.sightline.server.config;

import java.net.InetSocketAddress;

/** A listen address written as {@code host:port}, {@code :port} or {@code port} (empty host: all interfaces). */
public record HostPort(String host, int port) {

    static HostPort parse(String value, String settingName) {
        String trimmed = value.trim();
        int colon = trimmed.lastIndexOf(':');
        String host = colon < 0 ? "" : trimmed.substring(0, colon);
        String portText = colon < 0 ? trimmed : trimmed.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new ConfigException(settingName + ": '" + value + "' is not an address (expected: host:port, :port or port)");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(settingName + ": port " + port + " out of range (expected: 0-65535)");
        }
        return new HostPort(host, port);
    }

    public InetSocketAddress toSocketAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}

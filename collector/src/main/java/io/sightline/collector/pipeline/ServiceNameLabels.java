package io.sightline.collector.pipeline;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns service names into the {@code svc} label value as Jaeger does: lower-cased, every
 * character outside {@code [a-z0-9.-]} replaced by {@code _}, empty as {@code __unknown}; past
 * a cap of distinct services, new ones share the label {@code other-services} so that label
 * cardinality stays bounded.
 */
final class ServiceNameLabels {
    static final String OTHER_SERVICES = "other-services";
    static final String UNKNOWN = "__unknown";

    private final int maxServices;
    private final ConcurrentHashMap<String, String> labels = new ConcurrentHashMap<>();

    ServiceNameLabels(int maxServices) {
        this.maxServices = maxServices;
    }

    String label(String serviceName) {
        String known = labels.get(serviceName);
        if (known != null) {
            return known;
        }
        if (labels.size() >= maxServices) {
            return OTHER_SERVICES;
        }
        return labels.computeIfAbsent(serviceName, ServiceNameLabels::normalize);
    }

    static String normalize(String serviceName) {
        if (serviceName.isEmpty()) {
            return UNKNOWN;
        }
        String lower = serviceName.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            out.append(allowed ? c : '_');
        }
        return out.toString();
    }
}

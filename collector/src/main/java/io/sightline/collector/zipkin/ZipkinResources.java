package io.sightline.collector.zipkin;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import zipkin2.Endpoint;

/**
 * The process of each span of one request, as one shared {@link Resource} per distinct process:
 * a request's spans nearly always come from a few processes, so a span whose process is its
 * local endpoint alone (the usual case) finds its Resource by that endpoint, without building
 * and sorting a new one to compare.
 *
 * <p>The service is the local endpoint's name; its IPv4 address becomes the process tag
 * {@code ip}. An endpoint without a name counts as no endpoint at all, as in Jaeger.
 */
final class ZipkinResources {
    private static final Comparator<Attribute> BY_KEY = Comparator.comparing(Attribute::key);

    /** Keyed by endpoint equality; the null key stands for spans without a local endpoint. */
    private final Map<Endpoint, Resource> byLocalEndpoint = new HashMap<>();
    private final Map<Resource, Resource> distinct = new HashMap<>();

    /** @param processAttributes process tags the span's own tags carried (Jaeger client keys) */
    Resource of(Endpoint local, List<Attribute> processAttributes) {
        if (!processAttributes.isEmpty()) {
            return shared(build(local, processAttributes));
        }
        Resource known = byLocalEndpoint.get(local);
        if (known == null) {
            known = shared(build(local, List.of()));
            byLocalEndpoint.put(local, known);
        }
        return known;
    }

    private Resource shared(Resource resource) {
        Resource known = distinct.putIfAbsent(resource, resource);
        return known == null ? resource : known;
    }

    private static Resource build(Endpoint local, List<Attribute> processAttributes) {
        List<Attribute> attributes = new ArrayList<>(processAttributes.size() + 1);
        attributes.addAll(processAttributes);
        String serviceName = ZipkinSpanDecoder.UNKNOWN_SERVICE_NAME;
        if (local != null && local.serviceName() != null && !local.serviceName().isEmpty()) {
            serviceName = local.serviceName();
            long ipv4 = ZipkinEndpoints.ipv4AsUnsigned(local.ipv4Bytes());
            if (ipv4 != 0) {
                attributes.add(Attribute.of(ZipkinEndpoints.PROCESS_IP, ipv4));
            }
        }
        // Jaeger sorts process tags by key.
        attributes.sort(BY_KEY);
        return new Resource(serviceName, attributes);
    }
}

package io.sightline.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What emitted the spans (Jaeger's process): the service name and the other resource
 * attributes. One instance is shared by every span of a batch.
 */
public record Resource(String serviceName, List<Attribute> attributes) {
    public static final String SERVICE_NAME_KEY = "service.name";

    public Resource {
        Objects.requireNonNull(serviceName, "serviceName");
        attributes = List.copyOf(attributes);
    }
}

package io.sightline.collector.pipeline;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Jaeger's {@code COLLECTOR_TAGS}: string tags added to the process (resource) of every span this
 * collector accepts, say the cluster or region it runs in. A tag whose key and value the process
 * already has is not added twice; a process with the same key but another value keeps its own and
 * gets the collector's as well, as Jaeger does.
 */
public final class CollectorTags {
    public static final CollectorTags NONE = new CollectorTags(List.of());

    private final List<Attribute> tags;

    private CollectorTags(List<Attribute> tags) {
        this.tags = List.copyOf(tags);
    }

    /**
     * Parses Jaeger's form {@code key=value,key2=${ENV_VAR:default}}: comma-separated pairs; a
     * value {@code ${NAME}} or {@code ${NAME:default}} is the environment variable's value, or the
     * default (empty when none) when it is unset. Blank entries are ignored.
     *
     * @param environment looks up an environment variable; null when unset
     * @throws IllegalArgumentException naming the malformed entry
     */
    public static CollectorTags parse(String spec, UnaryOperator<String> environment) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(environment, "environment");
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("\"" + trimmed + "\" (expected: key=value)");
            }
            String key = trimmed.substring(0, equals).trim();
            parsed.put(key, expand(trimmed.substring(equals + 1).trim(), environment, trimmed));
        }
        List<Attribute> tags = new ArrayList<>(parsed.size());
        parsed.forEach((key, value) -> tags.add(Attribute.of(key, value)));
        return new CollectorTags(tags);
    }

    private static String expand(String value, UnaryOperator<String> environment, String entry) {
        if (!value.startsWith("${")) {
            return value;
        }
        if (!value.endsWith("}")) {
            throw new IllegalArgumentException("\"" + entry + "\" (expected: ${NAME} or ${NAME:default} to end with })");
        }
        String inner = value.substring(2, value.length() - 1);
        int colon = inner.indexOf(':');
        String name = colon < 0 ? inner : inner.substring(0, colon);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("\"" + entry + "\" (expected: an environment variable name after ${)");
        }
        String fromEnvironment = environment.apply(name);
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        return colon < 0 ? "" : inner.substring(colon + 1);
    }

    public List<Attribute> tags() {
        return tags;
    }

    boolean isEmpty() {
        return tags.isEmpty();
    }

    /** The spans with the tags on their resource; the same list when there are no tags. */
    List<Span> apply(List<Span> spans) {
        if (tags.isEmpty()) {
            return spans;
        }
        // A batch's spans share their resource instance: extend each distinct one once.
        Map<Resource, Resource> extended = new IdentityHashMap<>();
        List<Span> out = new ArrayList<>(spans.size());
        for (Span span : spans) {
            Resource resource = extended.computeIfAbsent(span.resource(), this::extend);
            out.add(resource == span.resource() ? span : withResource(span, resource));
        }
        return out;
    }

    /**
     * The span on another resource, sharing its attribute, event and link lists: the record's
     * constructor keeps an immutable list as it is, where the builder would copy each twice.
     */
    private static Span withResource(Span span, Resource resource) {
        return new Span(span.traceId(), span.spanId(), span.parentSpanId(), span.traceState(), span.flags(),
                span.name(), span.kind(), span.startEpochNanos(), span.durationNanos(), span.attributes(),
                span.events(), span.links(), span.statusCode(), span.statusMessage(), resource, span.scope());
    }

    private Resource extend(Resource resource) {
        List<Attribute> attributes = null;
        for (Attribute tag : tags) {
            if (!has(resource.attributes(), tag)) {
                if (attributes == null) {
                    attributes = new ArrayList<>(resource.attributes());
                }
                attributes.add(tag);
            }
        }
        return attributes == null ? resource : new Resource(resource.serviceName(), attributes);
    }

    private static boolean has(List<Attribute> attributes, Attribute tag) {
        for (Attribute attribute : attributes) {
            if (attribute.key().equals(tag.key()) && attribute.value() instanceof AttributeValue.StringValue s
                    && s.value().equals(((AttributeValue.StringValue) tag.value()).value())) {
                return true;
            }
        }
        return false;
    }
}

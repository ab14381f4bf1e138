package io.sightline.query;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assigns the {@code p1}, {@code p2}, … keys of one trace's {@code processes} object. A process
 * is the service name plus its tags: the resource attributes and the instrumentation scope
 * (where Jaeger's OTel adjuster moves {@code otel.scope.*}), sorted by key. Equal processes
 * share a key; keys are numbered in order of first appearance.
 */
final class ProcessTable {
    static final String SCOPE_NAME_KEY = "otel.scope.name";
    static final String SCOPE_VERSION_KEY = "otel.scope.version";

    /** Stable, so equal keys keep the resource's order and the output is deterministic. */
    private static final Comparator<Attribute> BY_KEY = Comparator.comparing(Attribute::key);

    /** False for {@code raw=true}: resource attributes only, in their stored order. */
    private final boolean adjusted;
    private final Map<Process, String> keys = new LinkedHashMap<>();
    /**
     * Spans of one batch share their Resource instance: remembering the process and key per
     * instance and scope spares sorting and hashing the tags again for every span of a big trace.
     */
    private final Map<Resource, Map<InstrumentationScope, Slot>> byResource = new IdentityHashMap<>();

    /** A Jaeger process: what {@code processes} (JSON) or {@code Span.process} (protobuf) holds. */
    record Process(String serviceName, List<Attribute> tags) {}

    private static final class Slot {
        final Process process;
        String key;

        Slot(Process process) {
            this.process = process;
        }
    }

    ProcessTable(boolean adjusted) {
        this.adjusted = adjusted;
    }

    /**
     * The span's process: with {@code adjusted}, the resource attributes (numeric {@code ip} as a
     * dotted quad) and the instrumentation scope, sorted by key; else the resource attributes as
     * stored.
     */
    Process processOf(Span span) {
        return slot(span).process;
    }

    /** The {@code pN} key of the span's process, assigning the next one when it is new. */
    String keyFor(Span span) {
        Slot slot = slot(span);
        if (slot.key == null) {
            String key = keys.get(slot.process);
            if (key == null) {
                key = "p" + (keys.size() + 1);
                keys.put(slot.process, key);
            }
            slot.key = key;
        }
        return slot.key;
    }

    private Slot slot(Span span) {
        Map<InstrumentationScope, Slot> byScope = byResource.computeIfAbsent(span.resource(), r -> new HashMap<>());
        Slot slot = byScope.get(span.scope());
        if (slot == null) {
            slot = new Slot(adjusted ? processOf(span.resource(), span.scope())
                    : new Process(span.resource().serviceName(), span.resource().attributes()));
            byScope.put(span.scope(), slot);
        }
        return slot;
    }

    /**
     * Writes the {@code processes} object's fields. Keys come in Go's map order (sorted as
     * strings: p1, p10, p2): clients do not care, golden-file diffs against Jaeger do.
     */
    void writeFields(JsonGenerator g) throws IOException {
        Map<String, Process> byKey = new TreeMap<>();
        keys.forEach((process, key) -> byKey.put(key, process));
        for (Map.Entry<String, Process> entry : byKey.entrySet()) {
            g.writeObjectFieldStart(entry.getKey());
            g.writeStringField("serviceName", entry.getValue().serviceName());
            g.writeArrayFieldStart("tags");
            for (Attribute tag : entry.getValue().tags()) {
                KeyValueJson.write(g, tag);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** The attribute with a numeric value shown as a dotted quad when its key is {@code ipKey}. */
    static Attribute dottedIp(Attribute attribute, String ipKey) {
        if (attribute.key().equals(ipKey) && attribute.value() instanceof AttributeValue.LongValue ip) {
            return Attribute.of(ipKey, IpTags.dottedQuad(ip.value()));
        }
        return attribute;
    }

    private static Process processOf(Resource resource, InstrumentationScope scope) {
        List<Attribute> tags = new ArrayList<>(resource.attributes().size() + 2);
        for (Attribute attribute : resource.attributes()) {
            tags.add(dottedIp(attribute, IpTags.PROCESS_IP_KEY));
        }
        if (!scope.name().isEmpty()) {
            tags.add(Attribute.of(SCOPE_NAME_KEY, scope.name()));
        }
        if (!scope.version().isEmpty()) {
            tags.add(Attribute.of(SCOPE_VERSION_KEY, scope.version()));
        }
        tags.sort(BY_KEY);
        return new Process(resource.serviceName(), tags);
    }
}

package io.sightline.core.storage;

import io.sightline.core.model.Span;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts service-to-service calls trace by trace: a span whose parent span is in the same trace
 * and belongs to another service is one call from the parent's service to its own. Calls within
 * one service are not links. Only child spans that started inside the window count.
 */
public final class DependencyCounter {
    private final long startMinEpochMicros;
    private final long startMaxEpochMicros;
    private final Map<String, Map<String, long[]>> callsByParent = new TreeMap<>();

    /** Bounds are inclusive, µs since epoch. */
    public DependencyCounter(long startMinEpochMicros, long startMaxEpochMicros) {
        this.startMinEpochMicros = startMinEpochMicros;
        this.startMaxEpochMicros = startMaxEpochMicros;
    }

    /** Adds the calls of one whole trace. */
    public void addTrace(Collection<Span> spans) {
        Map<Long, String> serviceBySpanId = new HashMap<>(spans.size() * 2);
        for (Span span : spans) {
            serviceBySpanId.put(span.spanId(), span.serviceName());
        }
        for (Span span : spans) {
            long startMicros = span.startEpochMicros();
            if (span.parentSpanId() == 0 || startMicros < startMinEpochMicros || startMicros > startMaxEpochMicros) {
                continue;
            }
            String parentService = serviceBySpanId.get(span.parentSpanId());
            if (parentService != null && !parentService.equals(span.serviceName())) {
                callsByParent.computeIfAbsent(parentService, p -> new TreeMap<>())
                        .computeIfAbsent(span.serviceName(), c -> new long[1])[0]++;
            }
        }
    }

    /** The links counted so far, sorted by parent, then child. */
    public List<DependencyLink> links() {
        List<DependencyLink> links = new ArrayList<>();
        callsByParent.forEach((parent, children) -> children.forEach(
                (child, calls) -> links.add(new DependencyLink(parent, child, calls[0]))));
        return links;
    }
}

package io.sightline.core.storage.memory;

import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.HealthStatus;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.ServiceCatalog;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.TraceReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store that keeps spans in memory, bounded by a hard cap on stored spans: when a write
 * goes past the cap, whole traces are evicted, least recently written first. Nothing survives
 * a restart. Meant for tests, demos and the ephemeral mode.
 */
public final class InMemoryStorage implements StorageComponent, SpanWriter, TraceReader, ServiceCatalog {
    private final long maxSpans;
    /** Access order false: iteration order is first-write order, so eviction drops the oldest trace. */
    private final LinkedHashMap<TraceId, Map<SpanKey, Span>> traces = new LinkedHashMap<>();
    private final Map<String, TreeSet<Operation>> operationsByService = new TreeMap<>();
    private final AtomicLong evictedSpans = new AtomicLong();
    private long storedSpans;

    /**
     * @param maxSpans the hard cap on stored spans (expected: > 0)
     */
    public InMemoryStorage(long maxSpans) {
        if (maxSpans <= 0) {
            throw new IllegalArgumentException("maxSpans: " + maxSpans + " (expected: > 0)");
        }
        this.maxSpans = maxSpans;
    }

    @Override
    public synchronized void write(List<Span> spans) {
        for (Span span : spans) {
            // The same span written twice (a client retry) is kept once, as the embedded store does.
            Span previous = traces.computeIfAbsent(span.traceId(), id -> new LinkedHashMap<>())
                    .put(new SpanKey(span.spanId(), span.startEpochMicros()), span);
            if (previous == null) {
                storedSpans++;
            }
            operationsByService.computeIfAbsent(span.serviceName(), s -> new TreeSet<>())
                    .add(new Operation(span.name(), span.kind()));
        }
        evictOverCap();
    }

    private void evictOverCap() {
        Iterator<Map<SpanKey, Span>> oldestFirst = traces.values().iterator();
        while (storedSpans > maxSpans && oldestFirst.hasNext()) {
            int size = oldestFirst.next().size();
            oldestFirst.remove();
            storedSpans -= size;
            evictedSpans.addAndGet(size);
        }
    }

    @Override
    public synchronized Optional<Trace> getTrace(TraceId traceId) {
        Map<SpanKey, Span> spans = traces.get(traceId);
        if (spans == null) {
            return Optional.empty();
        }
        List<Span> ordered = new ArrayList<>(spans.values());
        ordered.sort(Trace.STORAGE_ORDER);
        return Optional.of(new Trace(traceId, ordered));
    }

    @Override
    public synchronized List<String> getServices() {
        return List.copyOf(operationsByService.keySet());
    }

    @Override
    public synchronized List<Operation> getOperations(String service, SpanKind spanKind) {
        TreeSet<Operation> operations = operationsByService.get(service);
        if (operations == null) {
            return List.of();
        }
        List<Operation> out = new ArrayList<>();
        for (Operation operation : operations) {
            if (spanKind == null || operation.spanKind() == spanKind) {
                out.add(operation);
            }
        }
        return out;
    }

    /** Spans evicted so far because the cap was reached. */
    public long evictedSpans() {
        return evictedSpans.get();
    }

    public synchronized long storedSpans() {
        return storedSpans;
    }

    /** What makes two writes the same span: its ID and start time (µs, as stored). */
    private record SpanKey(long spanId, long startEpochMicros) {}

    @Override
    public SpanWriter spanWriter() {
        return this;
    }

    @Override
    public TraceReader traceReader() {
        return this;
    }

    @Override
    public ServiceCatalog serviceCatalog() {
        return this;
    }

    @Override
    public HealthStatus check() {
        return HealthStatus.OK;
    }

    @Override
    public void close() {}
}

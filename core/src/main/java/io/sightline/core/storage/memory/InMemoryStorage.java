package io.sightline.core.storage.memory;

import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.DependencyCounter;
import io.sightline.core.storage.DependencyLink;
import io.sightline.core.storage.DependencyReader;
import io.sightline.core.storage.HealthStatus;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.ServiceCatalog;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.SpanMatcher;
import io.sightline.core.storage.TraceQuery;
import io.sightline.core.storage.TraceReader;
import java.util.ArrayList;
import java.util.Comparator;
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
public final class InMemoryStorage implements StorageComponent, SpanWriter, TraceReader, ServiceCatalog,
        DependencyReader {
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
    public synchronized List<TraceId> findTraceIds(TraceQuery query) {
        // A scan: the in-memory store is bounded and meant for tests and demos.
        List<Match> matches = new ArrayList<>();
        for (Map.Entry<TraceId, Map<SpanKey, Span>> trace : traces.entrySet()) {
            long newestMatchMicros = Long.MIN_VALUE;
            for (Span span : trace.getValue().values()) {
                if (span.startEpochMicros() > newestMatchMicros && SpanMatcher.matches(query, span)) {
                    newestMatchMicros = span.startEpochMicros();
                }
            }
            if (newestMatchMicros != Long.MIN_VALUE) {
                matches.add(new Match(trace.getKey(), newestMatchMicros));
            }
        }
        matches.sort(Comparator.comparingLong(Match::newestMatchMicros).reversed());
        List<TraceId> out = new ArrayList<>(Math.min(matches.size(), query.maxTraces()));
        for (int i = 0; i < matches.size() && i < query.maxTraces(); i++) {
            out.add(matches.get(i).traceId());
        }
        return out;
    }

    private record Match(TraceId traceId, long newestMatchMicros) {}

    @Override
    public synchronized List<DependencyLink> getDependencies(long endEpochMicros, long lookbackMicros) {
        DependencyCounter counter = new DependencyCounter(endEpochMicros - lookbackMicros, endEpochMicros);
        for (Map<SpanKey, Span> trace : traces.values()) {
            counter.addTrace(trace.values());
        }
        return counter.links();
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
    public DependencyReader dependencyReader() {
        return this;
    }

    @Override
    public HealthStatus check() {
        return HealthStatus.OK;
    }

    @Override
    public void close() {}
}

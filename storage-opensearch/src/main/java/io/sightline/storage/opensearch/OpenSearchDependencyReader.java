package io.sightline.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.model.HexIds;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.DependencyCounter;
import io.sightline.core.storage.DependencyLink;
import io.sightline.core.storage.DependencyReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service call graph. Jaeger reads it from {@code jaeger-dependencies-*}, written by a separate
 * Spark job; when such documents cover the window they are the answer. Otherwise it is computed
 * here from the spans that started in the window (and the parents of those spans, wherever they
 * are), reading at most {@code dependencyMaxSpans} spans; past that cap the answer covers the spans
 * read so far and a warning is logged.
 */
final class OpenSearchDependencyReader implements DependencyReader {
    private static final Logger log = LoggerFactory.getLogger(OpenSearchDependencyReader.class);
    /** Trace IDs per request when fetching parents that started outside the window. */
    private static final int TRACES_PER_PARENT_LOOKUP = 1_000;
    private static final Resource NO_RESOURCE = new Resource("", List.of());

    private final Searches searches;
    private final IndexLayout layout;
    private final int maxSpans;

    OpenSearchDependencyReader(Searches searches, IndexLayout layout, int maxSpans) {
        this.searches = searches;
        this.layout = layout;
        this.maxSpans = maxSpans;
    }

    @Override
    public List<DependencyLink> getDependencies(long endEpochMicros, long lookbackMicros) {
        if (lookbackMicros <= 0) {
            throw new IllegalArgumentException("lookbackMicros: " + lookbackMicros + " (expected: > 0)");
        }
        long startMicros = endEpochMicros - lookbackMicros;
        List<DependencyLink> stored = storedLinks(startMicros, endEpochMicros);
        if (stored != null) {
            return stored;
        }
        Map<TraceId, List<Span>> inWindow = new HashMap<>();
        boolean complete = searches.forEachHit(layout.spanReadPattern(), spanScan(Searches.range("startTime",
                startMicros, endEpochMicros)), maxSpans, hit -> add(inWindow, hit));
        if (!complete) {
            log.warn("dependencies of [{}, {}] µs computed from the first {} spans only (the cap); lower the lookback"
                    + " or raise the cap", startMicros, endEpochMicros, maxSpans);
        }
        Map<TraceId, List<Span>> elsewhere = parentsOutsideWindow(inWindow, startMicros, endEpochMicros);
        DependencyCounter counter = new DependencyCounter(startMicros, endEpochMicros);
        inWindow.forEach((trace, spans) -> counter.addTrace(spans, elsewhere.getOrDefault(trace, List.of())));
        return counter.links();
    }

    /** The spans of the traces whose window spans miss a parent, that started outside the window. */
    private Map<TraceId, List<Span>> parentsOutsideWindow(Map<TraceId, List<Span>> inWindow, long startMicros,
                                                         long endMicros) {
        List<String> incomplete = new ArrayList<>();
        inWindow.forEach((trace, spans) -> {
            Set<Long> ids = new HashSet<>();
            spans.forEach(span -> ids.add(span.spanId()));
            for (Span span : spans) {
                if (span.parentSpanId() != 0 && !ids.contains(span.parentSpanId())) {
                    incomplete.add(trace.toHex());
                    return;
                }
            }
        });
        Map<TraceId, List<Span>> elsewhere = new HashMap<>();
        for (int from = 0; from < incomplete.size(); from += TRACES_PER_PARENT_LOOKUP) {
            ObjectNode query = ClusterClient.JSON.createObjectNode();
            ObjectNode bool = query.putObject("bool");
            ArrayNode traceIds = bool.putArray("filter").addObject().putObject("terms").putArray("traceID");
            incomplete.subList(from, Math.min(incomplete.size(), from + TRACES_PER_PARENT_LOOKUP)).forEach(traceIds::add);
            bool.putArray("must_not").add(Searches.range("startTime", startMicros, endMicros));
            searches.forEachHit(layout.spanReadPattern(), spanScan(query), maxSpans, hit -> add(elsewhere, hit));
        }
        return elsewhere;
    }

    private static ObjectNode spanScan(ObjectNode query) {
        ObjectNode body = ClusterClient.JSON.createObjectNode();
        body.set("query", query);
        ArrayNode source = body.putArray("_source");
        for (String field : new String[] {"traceID", "spanID", "parentSpanID", "references", "startTime",
            "process.serviceName"}) {
            source.add(field);
        }
        ArrayNode sort = body.putArray("sort");
        sort.addObject().put("startTime", "asc");
        sort.addObject().put("spanID", "asc");
        sort.addObject().put("traceID", "asc");
        return body;
    }

    /** Only what the counter needs of a span: IDs, parent, start time and service. */
    private static void add(Map<TraceId, List<Span>> spans, JsonNode hit) {
        JsonNode doc = hit.path("_source");
        try {
            TraceId traceId = TraceId.fromHex(doc.path("traceID").asText());
            Span span = Span.builder()
                    .traceId(traceId)
                    .spanId(HexIds.parseSpanId(doc.path("spanID").asText()))
                    .parentSpanId(parent(doc, traceId))
                    .startEpochNanos(doc.path("startTime").asLong() * 1_000L)
                    .resource(new Resource(doc.path("process").path("serviceName").asText(""), List.of()))
                    .build();
            spans.computeIfAbsent(traceId, t -> new ArrayList<>()).add(span);
        } catch (IllegalArgumentException e) {
            log.debug("skipping span document {}: {}", hit.path("_id").asText(), e.getMessage());
        }
    }

    /** {@code parentSpanID} when Sightline wrote it, else Jaeger's rule: first CHILD_OF, then FOLLOWS_FROM, of the same trace. */
    private static long parent(JsonNode doc, TraceId traceId) {
        String parentHex = doc.path("parentSpanID").asText("");
        if (!parentHex.isEmpty()) {
            return HexIds.parseSpanId(parentHex);
        }
        for (String type : new String[] {"CHILD_OF", "FOLLOWS_FROM"}) {
            for (JsonNode reference : doc.path("references")) {
                if (type.equals(reference.path("refType").asText())
                        && TraceId.fromHex(reference.path("traceID").asText()).equals(traceId)) {
                    return HexIds.parseSpanId(reference.path("spanID").asText());
                }
            }
        }
        return 0;
    }

    /** The links of the {@code jaeger-dependencies-*} documents in the window, or {@code null} when there are none. */
    private List<DependencyLink> storedLinks(long startMicros, long endMicros) {
        if (layout.archive()) {
            return null;
        }
        ObjectNode body = ClusterClient.JSON.createObjectNode();
        // No sort: an index whose mapping lacks the field would fail a sort, while a range just matches nothing.
        body.set("query", Searches.range("timestamp", Math.floorDiv(startMicros, 1_000L), Math.floorDiv(endMicros, 1_000L)));
        Map<String, Map<String, long[]>> calls = new TreeMap<>();
        boolean[] any = new boolean[1];
        JsonNode result = searches.search(layout.dependenciesReadPattern(), sized(body, 1_000));
        for (JsonNode hit : result.path("hits").path("hits")) {
            any[0] = true;
            for (JsonNode link : hit.path("_source").path("dependencies")) {
                long count = link.path("callCount").asLong();
                if (count > 0) {
                    calls.computeIfAbsent(link.path("parent").asText(), p -> new TreeMap<>())
                            .computeIfAbsent(link.path("child").asText(), c -> new long[1])[0] += count;
                }
            }
        }
        if (!any[0]) {
            return null;
        }
        List<DependencyLink> links = new ArrayList<>();
        calls.forEach((parent, children) -> children.forEach((child, count) -> links.add(
                new DependencyLink(parent, child, count[0]))));
        return links;
    }

    private static ObjectNode sized(ObjectNode body, int size) {
        body.put("size", size);
        return body;
    }
}

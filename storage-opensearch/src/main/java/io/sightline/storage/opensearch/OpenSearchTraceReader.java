package io.sightline.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.model.Span;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.TraceQuery;
import io.sightline.core.storage.TraceReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Trace lookup and search as OpenSearch queries over the span indices. */
final class OpenSearchTraceReader implements TraceReader {
    private static final Logger log = LoggerFactory.getLogger(OpenSearchTraceReader.class);
    /** Longer keys and values are not in Jaeger's keyword fields ({@code ignore_above}); only the hashes find them. */
    private static final int KEYWORD_LIMIT = 256;

    private static final String[] JAEGER_ONLY_FIELDS = {"tags", "tag", "logs", "references", "process",
        SpanDocumentWriter.SIGHTLINE + "." + SpanDocumentWriter.HASHES_FIELD};

    private final Searches searches;
    private final IndexLayout layout;
    private final SpanDocumentReader documents;
    private final String dotReplacement;

    OpenSearchTraceReader(Searches searches, IndexLayout layout, String dotReplacement) {
        this.searches = searches;
        this.layout = layout;
        this.documents = new SpanDocumentReader(dotReplacement);
        this.dotReplacement = dotReplacement;
    }

    @Override
    public Optional<Trace> getTrace(TraceId traceId) {
        String hex = traceId.toHex();
        ObjectNode body = ClusterClient.JSON.createObjectNode();
        ArrayNode ids = body.putObject("query").putObject("terms").putArray("traceID").add(hex);
        // Jaeger matches trace IDs written without leading zeros by old clients too.
        String trimmed = hex.replaceFirst("^0+(?=.)", "");
        if (!trimmed.equals(hex)) {
            ids.add(trimmed);
        }
        ArrayNode sort = body.putArray("sort");
        sort.addObject().put("startTime", "asc");
        sort.addObject().put("spanID", "asc");
        // Documents Sightline wrote hold the whole span in one field: Jaeger's fields would only double the transfer.
        ArrayNode excludes = body.putObject("_source").putArray("excludes");
        for (String field : JAEGER_ONLY_FIELDS) {
            excludes.add(field);
        }
        // One copy per (span ID, start µs): the key documents are written under.
        Map<String, Span> spans = new LinkedHashMap<>();
        List<String> jaegerWritten = new ArrayList<>();
        searches.forEachHit(layout.spanReadPattern(), body, Long.MAX_VALUE, hit -> {
            if (!hit.path("_source").path(SpanDocumentWriter.SIGHTLINE).has(SpanDocumentWriter.EXACT_FIELD)) {
                jaegerWritten.add(hit.path("_id").asText());
                return;
            }
            add(spans, traceId, readOrNull(hit));
        });
        for (int from = 0; from < jaegerWritten.size(); from += Searches.PAGE_SIZE) {
            ObjectNode byIds = ClusterClient.JSON.createObjectNode();
            byIds.put("size", Searches.PAGE_SIZE);
            ArrayNode values = byIds.putObject("query").putObject("ids").putArray("values");
            jaegerWritten.subList(from, Math.min(jaegerWritten.size(), from + Searches.PAGE_SIZE)).forEach(values::add);
            for (JsonNode hit : searches.search(layout.spanReadPattern(), byIds).path("hits").path("hits")) {
                add(spans, traceId, readOrNull(hit));
            }
        }
        if (spans.isEmpty()) {
            return Optional.empty();
        }
        List<Span> ordered = new ArrayList<>(spans.values());
        ordered.sort(Trace.STORAGE_ORDER);
        return Optional.of(new Trace(traceId, ordered));
    }

    private static void add(Map<String, Span> spans, TraceId traceId, Span span) {
        if (span != null && span.traceId().equals(traceId)) {
            spans.put(span.spanId() + "/" + span.startEpochMicros(), span);
        }
    }

    private Span readOrNull(JsonNode hit) {
        try {
            return documents.read(hit.path("_source"));
        } catch (RuntimeException e) {
            log.warn("skipping unreadable span document {} in {}: {}", hit.path("_id").asText(),
                    hit.path("_index").asText(), e.toString());
            return null;
        }
    }

    @Override
    public List<TraceId> findTraceIds(TraceQuery query) {
        ObjectNode body = ClusterClient.JSON.createObjectNode();
        body.put("size", 0);
        body.set("query", TraceQueries.build(query, dotReplacement, KEYWORD_LIMIT));
        ObjectNode traces = body.putObject("aggs").putObject("traces");
        ObjectNode terms = traces.putObject("terms");
        terms.put("field", "traceID");
        terms.put("size", query.maxTraces());
        terms.put("shard_size", Math.max(query.maxTraces() * 2 + 10, 100));
        terms.putObject("order").put("newest", "desc");
        traces.putObject("aggs").putObject("newest").putObject("max").put("field", "startTime");
        JsonNode result = searches.search(layout.spanReadPattern(), body);
        // A set: Jaeger documents of old clients may hold the same ID without its leading zeros.
        Set<TraceId> ids = new LinkedHashSet<>();
        for (JsonNode bucket : result.path("aggregations").path("traces").path("buckets")) {
            try {
                ids.add(TraceId.fromHex(bucket.path("key").asText()));
            } catch (IllegalArgumentException e) {
                log.warn("skipping span documents with trace ID {}: {}", bucket.path("key").asText(), e.getMessage());
            }
        }
        return List.copyOf(ids);
    }
}

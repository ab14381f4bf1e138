package io.sightline.storage.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.storage.TraceQuery;
import java.util.Map;

/**
 * A {@link TraceQuery} as one bool query over span documents: every condition is a filter on the
 * same document, which is what "one span satisfies every condition" means. A tag matches the
 * pair's hash (documents Sightline wrote) or, as Jaeger searches, the nested span tags, process
 * tags, log fields or the tags-as-fields objects (documents Jaeger wrote).
 */
final class TraceQueries {
    private TraceQueries() {}

    static ObjectNode build(TraceQuery query, String dotReplacement, int keywordLimit) {
        ObjectNode root = ClusterClient.JSON.createObjectNode();
        ArrayNode filter = root.putObject("bool").putArray("filter");
        filter.add(Searches.term("process.serviceName", query.serviceName()));
        if (query.operationName() != null) {
            filter.add(Searches.term("operationName", query.operationName()));
        }
        filter.add(Searches.range("startTime", query.startMinEpochMicros(), query.startMaxEpochMicros()));
        if (query.hasDurationBound()) {
            filter.add(Searches.range("duration", query.durationMinMicros(), query.durationMaxMicros()));
        }
        for (Map.Entry<String, String> tag : query.tags().entrySet()) {
            filter.add(tagClause(tag.getKey(), tag.getValue(), dotReplacement, keywordLimit));
        }
        return root;
    }

    private static ObjectNode tagClause(String key, String value, String dotReplacement, int keywordLimit) {
        ObjectNode clause = ClusterClient.JSON.createObjectNode();
        ObjectNode bool = clause.putObject("bool");
        bool.put("minimum_should_match", 1);
        ArrayNode should = bool.putArray("should");
        should.add(Searches.term(SpanDocumentWriter.SIGHTLINE + "." + SpanDocumentWriter.HASHES_FIELD,
                TagHashes.of(key, value)));
        if (key.length() <= keywordLimit && value.length() <= keywordLimit && !key.isEmpty()) {
            should.add(nested("tags", key, value));
            should.add(nested("process.tags", key, value));
            should.add(nested("logs.fields", key, value));
            String field = key.replace(".", dotReplacement);
            should.add(Searches.term("tag." + field, value));
            should.add(Searches.term("process.tag." + field, value));
        }
        return clause;
    }

    private static ObjectNode nested(String path, String key, String value) {
        ObjectNode nested = ClusterClient.JSON.createObjectNode();
        ObjectNode body = nested.putObject("nested");
        body.put("path", path);
        body.put("ignore_unmapped", true);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(Searches.term(path + ".key", key));
        filter.add(Searches.term(path + ".value", value));
        return nested;
    }
}

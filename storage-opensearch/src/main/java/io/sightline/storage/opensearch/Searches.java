package io.sightline.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/** Search requests over index patterns that may match no index yet. */
final class Searches {
    /** The largest page a search may return with the default {@code index.max_result_window}. */
    static final int PAGE_SIZE = 10_000;

    private static final int SHARD_NOT_READY_ATTEMPTS = 6;

    private final ClusterClient client;

    Searches(ClusterClient client) {
        this.client = client;
    }

    JsonNode search(String indexPattern, ObjectNode body) {
        body.put("track_total_hits", false);
        ClusterClient.Response response = null;
        for (int attempt = 1; attempt <= SHARD_NOT_READY_ATTEMPTS; attempt++) {
            response = client.json("POST", "/" + indexPattern + "/_search?ignore_unavailable=true&allow_no_indices=true",
                    body);
            // A daily index created a moment ago by a write has no started shard yet: wait for it briefly.
            if (response.status() != 503 || attempt == SHARD_NOT_READY_ATTEMPTS) {
                break;
            }
            try {
                Thread.sleep(100L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!response.ok()) {
            throw ClusterClient.failure("search of " + indexPattern + " failed", response);
        }
        return response.body();
    }

    /**
     * Every hit of {@code body} (which must sort on unique-enough fields), page after page with
     * {@code search_after}, until {@code sink} has seen them all or {@code maxHits} of them.
     *
     * @return whether every hit was seen (false when {@code maxHits} cut it short)
     */
    boolean forEachHit(String indexPattern, ObjectNode body, long maxHits, Consumer<JsonNode> sink) {
        long seen = 0;
        JsonNode after = null;
        while (true) {
            ObjectNode page = body.deepCopy();
            page.put("size", PAGE_SIZE);
            if (after != null) {
                page.set("search_after", after);
            }
            ArrayNode hits = (ArrayNode) search(indexPattern, page).path("hits").path("hits");
            for (JsonNode hit : hits) {
                if (seen == maxHits) {
                    return false;
                }
                sink.accept(hit);
                seen++;
            }
            if (hits.size() < PAGE_SIZE) {
                return true;
            }
            after = hits.get(hits.size() - 1).get("sort");
        }
    }

    static ObjectNode term(String field, String value) {
        ObjectNode term = ClusterClient.JSON.createObjectNode();
        term.putObject("term").put(field, value);
        return term;
    }

    static ObjectNode range(String field, long min, long max) {
        ObjectNode range = ClusterClient.JSON.createObjectNode();
        range.putObject("range").putObject(field).put("gte", min).put("lte", max);
        return range;
    }
}

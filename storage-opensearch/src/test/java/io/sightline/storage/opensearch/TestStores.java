package io.sightline.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fresh stores on a shared engine. Emptying the indices of earlier tests, rather than deleting
 * them, saves creating them again for every test, the slowest step on a small machine.
 */
final class TestStores {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestStores() {}

    /** One shard, no replica, refreshed on write: what tests on one small node need. */
    static OpenSearchStorageOptions.Builder options(SearchEngineExtension engine) {
        return OpenSearchStorageOptions.builder()
                .addServerUrl(engine.url())
                .shards(1)
                .replicas(0)
                .refreshOnWrite(true);
    }

    static OpenSearchStorage fresh(SearchEngineExtension engine) throws Exception {
        emptyAllIndices(engine);
        return OpenSearchStorage.open(options(engine).build());
    }

    /** Deletes every document (the engine's test distribution has no delete-by-query). */
    static void emptyAllIndices(SearchEngineExtension engine) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        while (true) {
            HttpResponse<String> found = http.send(HttpRequest.newBuilder(engine.url().resolve(
                    "/*jaeger-*/_search?ignore_unavailable=true&allow_no_indices=true&expand_wildcards=all"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"size\":10000,\"_source\":false}"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (found.statusCode() != 200) {
                throw new IllegalStateException("cannot list test documents: " + found.statusCode() + " " + found.body());
            }
            JsonNode hits = JSON.readTree(found.body()).path("hits").path("hits");
            if (hits.isEmpty()) {
                return;
            }
            StringBuilder bulk = new StringBuilder();
            for (JsonNode hit : hits) {
                ObjectNode delete = JSON.createObjectNode();
                delete.putObject("delete").put("_index", hit.path("_index").asText()).put("_id", hit.path("_id").asText());
                bulk.append(JSON.writeValueAsString(delete)).append('\n');
            }
            HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(engine.url().resolve("/_bulk?refresh=true"))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(bulk.toString()))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (deleted.statusCode() != 200 || JSON.readTree(deleted.body()).path("errors").asBoolean()) {
                throw new IllegalStateException("cannot delete test documents: " + deleted.statusCode() + " " + deleted.body());
            }
        }
    }

    static void deleteAllIndices(SearchEngineExtension engine) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                engine.url().resolve("/*jaeger-*?expand_wildcards=all")).DELETE().timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 404) {
            throw new IllegalStateException("cannot delete test indices: " + response.statusCode() + " " + response.body());
        }
    }
}

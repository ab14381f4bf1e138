package io.sightline.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The index templates of the span and service indices: Jaeger's mappings (ES 7 form), as
 * composable templates, which OpenSearch and Elasticsearch 7.8+ both take and which win over
 * Jaeger's legacy ones where both match.
 */
final class Templates {
    private static final int PRIORITY = 100;

    private Templates() {}

    static void put(ClusterClient client, IndexLayout layout, OpenSearchStorageOptions options) {
        put(client, layout.prefix() + "jaeger-span", layout.spanTemplatePattern(), "span-mappings.json", options);
        put(client, layout.prefix() + "jaeger-service", layout.serviceTemplatePattern(), "service-mappings.json", options);
    }

    private static void put(ClusterClient client, String name, String pattern, String mappingsResource,
                            OpenSearchStorageOptions options) {
        ObjectNode body = ClusterClient.JSON.createObjectNode();
        body.putArray("index_patterns").add(pattern);
        body.put("priority", PRIORITY);
        ObjectNode template = body.putObject("template");
        ObjectNode settings = template.putObject("settings");
        settings.put("index.number_of_shards", options.shards());
        settings.put("index.number_of_replicas", options.replicas());
        settings.put("index.mapping.nested_fields.limit", 50);
        settings.put("index.requests.cache.enable", true);
        template.set("mappings", resource(mappingsResource));
        ClusterClient.Response response = client.json("PUT", "/_index_template/" + name, body);
        if (!response.ok()) {
            throw ClusterClient.failure("cannot put index template " + name, response);
        }
    }

    private static JsonNode resource(String name) {
        try (InputStream in = Templates.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return ClusterClient.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.sightline.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.model.SpanKind;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.ServiceCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Services and operations from the service indices. Jaeger 1.50's service documents carry no span
 * kind; for those the kinds are derived from the {@code span.kind} tags of the operation's spans.
 */
final class OpenSearchServiceCatalog implements ServiceCatalog {
    /** Jaeger's {@code ES_MAX_DOC_COUNT}: the most services, or operations of one service, listed. */
    private static final int MAX_NAMES = 10_000;
    /** The bucket of service documents without a span kind (written by Jaeger). */
    private static final String NO_KIND = "\u0000jaeger";

    private final Searches searches;
    private final IndexLayout layout;

    OpenSearchServiceCatalog(Searches searches, IndexLayout layout) {
        this.searches = searches;
        this.layout = layout;
    }

    @Override
    public List<String> getServices() {
        ObjectNode body = ClusterClient.JSON.createObjectNode();
        body.put("size", 0);
        body.putObject("aggs").putObject("services").putObject("terms").put("field", "serviceName").put("size", MAX_NAMES);
        JsonNode result = searches.search(layout.serviceReadPattern(), body);
        TreeSet<String> services = new TreeSet<>();
        for (JsonNode bucket : result.path("aggregations").path("services").path("buckets")) {
            services.add(bucket.path("key").asText());
        }
        return List.copyOf(services);
    }

    @Override
    public List<Operation> getOperations(String service, SpanKind spanKind) {
        ObjectNode body = ClusterClient.JSON.createObjectNode();
        body.put("size", 0);
        body.set("query", Searches.term("serviceName", service));
        ObjectNode operations = body.putObject("aggs").putObject("operations");
        operations.putObject("terms").put("field", "operationName").put("size", MAX_NAMES);
        operations.putObject("aggs").putObject("kinds").putObject("terms").put("field", "spanKind").put("size", 10)
                .put("missing", NO_KIND);
        JsonNode result = searches.search(layout.serviceReadPattern(), body);
        TreeSet<Operation> found = new TreeSet<>();
        List<String> withoutKind = new ArrayList<>();
        for (JsonNode bucket : result.path("aggregations").path("operations").path("buckets")) {
            String name = bucket.path("key").asText();
            for (JsonNode kind : bucket.path("kinds").path("buckets")) {
                String kindName = kind.path("key").asText();
                if (kindName.equals(NO_KIND)) {
                    withoutKind.add(name);
                } else {
                    found.add(new Operation(name, parseKind(kindName)));
                }
            }
        }
        if (!withoutKind.isEmpty()) {
            found.addAll(kindsFromSpans(service, withoutKind));
        }
        List<Operation> out = new ArrayList<>(found.size());
        for (Operation operation : found) {
            if (spanKind == null || operation.spanKind() == spanKind) {
                out.add(operation);
            }
        }
        return out;
    }

    /** The (operation, kind) pairs of the spans of {@code operations}, by their {@code span.kind} tags. */
    private List<Operation> kindsFromSpans(String service, List<String> operations) {
        ObjectNode body = ClusterClient.JSON.createObjectNode();
        body.put("size", 0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(Searches.term("process.serviceName", service));
        ArrayNode names = filter.addObject().putObject("terms").putArray("operationName");
        operations.forEach(names::add);
        ObjectNode kindQuery = ClusterClient.JSON.createObjectNode();
        ObjectNode nested = kindQuery.putObject("nested");
        nested.put("path", "tags");
        nested.putObject("query").set("term", ClusterClient.JSON.createObjectNode().put("tags.key", "span.kind"));

        ObjectNode aggs = body.putObject("aggs");
        ObjectNode kinded = aggs.putObject("operations");
        kinded.putObject("terms").put("field", "operationName").put("size", MAX_NAMES);
        ObjectNode tags = kinded.putObject("aggs").putObject("tags");
        tags.putObject("nested").put("path", "tags");
        ObjectNode kindTags = tags.putObject("aggs").putObject("kind");
        kindTags.set("filter", Searches.term("tags.key", "span.kind"));
        kindTags.putObject("aggs").putObject("values").putObject("terms").put("field", "tags.value").put("size", 10);

        ObjectNode unkinded = aggs.putObject("unkinded");
        unkinded.putObject("filter").putObject("bool").putArray("must_not").add(kindQuery);
        unkinded.putObject("aggs").putObject("operations").putObject("terms").put("field", "operationName")
                .put("size", MAX_NAMES);

        JsonNode result = searches.search(layout.spanReadPattern(), body).path("aggregations");
        List<Operation> out = new ArrayList<>();
        for (JsonNode bucket : result.path("operations").path("buckets")) {
            for (JsonNode kind : bucket.path("tags").path("kind").path("values").path("buckets")) {
                out.add(new Operation(bucket.path("key").asText(), parseKind(kind.path("key").asText())));
            }
        }
        for (JsonNode bucket : result.path("unkinded").path("operations").path("buckets")) {
            out.add(new Operation(bucket.path("key").asText(), SpanKind.UNSPECIFIED));
        }
        return out;
    }

    private static SpanKind parseKind(String name) {
        try {
            return SpanKind.fromJaegerName(name);
        } catch (IllegalArgumentException e) {
            return SpanKind.UNSPECIFIED;
        }
    }
}

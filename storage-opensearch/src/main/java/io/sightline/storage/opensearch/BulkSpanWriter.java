package io.sightline.storage.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.model.Span;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * Writes spans with bulk requests and returns only once the cluster acknowledged every document,
 * so that the pipeline's "acknowledged means stored" holds. A write larger than the bulk limits is
 * split; at most {@code bulkWorkers} requests are in flight over all callers. Documents have
 * deterministic IDs, so a retried write replaces what a failed one left behind.
 */
final class BulkSpanWriter implements SpanWriter {
    /** Service/operation documents already written, per daily index: the same one is not sent twice. */
    private static final int SERVICE_CACHE_ENTRIES = 100_000;

    private final ClusterClient client;
    private final IndexLayout layout;
    private final OpenSearchStorageOptions options;
    private final SpanDocumentWriter documents;
    private final ClusterReadiness readiness;
    private final Semaphore inFlight;
    private final ExecutorService pool;
    private final Map<String, Boolean> writtenServiceDocs = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SERVICE_CACHE_ENTRIES;
        }
    };

    BulkSpanWriter(ClusterClient client, IndexLayout layout, OpenSearchStorageOptions options, ClusterReadiness readiness,
                   ExecutorService pool) {
        this.client = client;
        this.layout = layout;
        this.options = options;
        this.documents = new SpanDocumentWriter(options);
        this.readiness = readiness;
        this.inFlight = new Semaphore(options.bulkWorkers());
        this.pool = pool;
    }

    @Override
    public void write(List<Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        readiness.ensureReady();
        List<Action> actions = new ArrayList<>(spans.size() + 8);
        Set<String> newServiceDocs = new LinkedHashSet<>();
        for (Span span : spans) {
            actions.add(action(layout.spanIndex(span.startEpochMicros()), SpanDocumentWriter.documentId(span),
                    documents.write(span)));
            if (!layout.archive()) {
                String index = layout.serviceIndex(span.startEpochMicros());
                String id = ServiceDocuments.id(span.serviceName(), span.name(), span.kind());
                String key = index + "/" + id;
                if (!newServiceDocs.contains(key) && !serviceDocWritten(key)) {
                    newServiceDocs.add(key);
                    actions.add(action(index, id, ServiceDocuments.document(span.serviceName(), span.name(), span.kind())));
                }
            }
        }
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        Set<String> indices = new TreeSet<>();
        int from = 0;
        try {
            while (from < actions.size()) {
                long bytes = 0;
                int to = from;
                while (to < actions.size() && to - from < options.bulkMaxActions()
                        && (to == from || bytes + actions.get(to).length() <= options.bulkMaxBytes())) {
                    bytes += actions.get(to).length();
                    indices.add(actions.get(to).index());
                    to++;
                }
                requests.add(send(actions.subList(from, to), bytes));
                from = to;
            }
        } finally {
            awaitAll(requests);
        }
        if (options.refreshOnWrite()) {
            ClusterClient.Response refresh = client.send("POST", "/" + String.join(",", indices) + "/_refresh", null, null);
            if (!refresh.ok()) {
                throw ClusterClient.failure("refresh after write failed", refresh);
            }
        }
        synchronized (writtenServiceDocs) {
            for (String key : newServiceDocs) {
                writtenServiceDocs.put(key, Boolean.TRUE);
            }
        }
    }

    private boolean serviceDocWritten(String key) {
        synchronized (writtenServiceDocs) {
            return writtenServiceDocs.get(key) != null;
        }
    }

    /** Sends one bulk request on the pool once a slot is free; the future fails as the request did. */
    private CompletableFuture<Void> send(List<Action> actions, long bytes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, bytes));
        for (Action action : actions) {
            body.writeBytes(action.bytes());
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(
                    new StorageException("interrupted while waiting to write " + actions.size() + " documents", e));
        }
        try {
            return CompletableFuture.runAsync(() -> {
                try {
                    ClusterClient.Response response = client.send("POST", "/_bulk", body.toByteArray(),
                            "application/x-ndjson");
                    if (!response.ok()) {
                        throw ClusterClient.failure("bulk write of " + actions.size() + " documents failed", response);
                    }
                    JsonNode result = response.body();
                    if (result != null && result.path("errors").asBoolean(false)) {
                        throw itemFailure(result, actions.size());
                    }
                } finally {
                    inFlight.release();
                }
            }, pool);
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /** Waits for every request, then throws the first failure, so that none is still running when the write fails. */
    private static void awaitAll(List<CompletableFuture<Void>> requests) {
        RuntimeException first = null;
        for (CompletableFuture<Void> request : requests) {
            try {
                request.join();
            } catch (CompletionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException cause ? cause : new StorageException(
                            String.valueOf(e.getCause()), e.getCause());
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One bulk action (header and document lines) and the index it writes to. */
    private record Action(String index, byte[] bytes) {
        int length() {
            return bytes.length;
        }
    }

    private static StorageException itemFailure(JsonNode result, int documents) {
        int failed = 0;
        boolean allOverloaded = true;
        String first = null;
        for (JsonNode item : result.path("items")) {
            JsonNode outcome = item.elements().hasNext() ? item.elements().next() : item;
            JsonNode error = outcome.get("error");
            if (error == null) {
                continue;
            }
            failed++;
            allOverloaded &= outcome.path("status").asInt() == 429;
            if (first == null) {
                first = "index " + outcome.path("_index").asText() + " id " + outcome.path("_id").asText() + ": "
                        + error.path("type").asText() + ": " + error.path("reason").asText();
            }
        }
        String message = "bulk write failed for " + failed + " of " + documents + " documents; first: " + first;
        return allOverloaded && failed > 0 ? new ClusterUnavailableException(message) : new StorageException(message);
    }

    private static Action action(String index, String id, ObjectNode document) {
        ObjectNode header = ClusterClient.JSON.createObjectNode();
        ObjectNode meta = header.putObject("index");
        meta.put("_index", index);
        meta.put("_id", id);
        try {
            String line = ClusterClient.JSON.writeValueAsString(header) + "\n"
                    + ClusterClient.JSON.writeValueAsString(document) + "\n";
            return new Action(index, line.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new StorageException("cannot encode document " + id + ": " + e.getMessage(), e);
        }
    }
}

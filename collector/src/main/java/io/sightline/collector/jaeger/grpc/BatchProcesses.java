package io.sightline.collector.jaeger.grpc;

import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.sightline.core.model.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model resource of each span's process within one batch. Equal processes map to one
 * {@link Resource} instance, which storage and the query writer rely on to share work across
 * the spans of a batch.
 */
final class BatchProcesses {
    /** Jaeger's sanitizer name for a span that came with no process at all. */
    static final String NULL_PROCESS_SERVICE_NAME = "null-process-and-service-name";
    /** Jaeger's sanitizer name for a process whose service name is empty. */
    static final String EMPTY_SERVICE_NAME = "empty-service-name";

    private final Model.Process batchProcess;
    private final Map<Model.Process, Resource> resources = new HashMap<>();
    private Resource nullProcessResource;

    BatchProcesses(Model.Batch batch) {
        this.batchProcess = batch.hasProcess() ? batch.getProcess() : null;
    }

    /**
     * The span's own process when it has one, else the batch's. {@code process_id} is not
     * consulted: it points into a trace's process map, which only query responses have.
     *
     * @param path the span's place in the request, for error messages
     */
    Resource resourceOf(Model.Span span, String path) {
        if (span.hasProcess()) {
            return resourceOf(span.getProcess(), path + ".process");
        }
        if (batchProcess != null) {
            return resourceOf(batchProcess, "batch.process");
        }
        if (nullProcessResource == null) {
            nullProcessResource = new Resource(NULL_PROCESS_SERVICE_NAME, List.of());
        }
        return nullProcessResource;
    }

    private Resource resourceOf(Model.Process process, String path) {
        Resource resource = resources.get(process);
        if (resource == null) {
            String serviceName = process.getServiceName().isEmpty() ? EMPTY_SERVICE_NAME : process.getServiceName();
            resource = new Resource(serviceName, JaegerProtoTags.decode(process.getTagsList(), path + ".tags"));
            resources.put(process, resource);
        }
        return resource;
    }
}

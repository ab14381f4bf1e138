package io.sightline.storage.opensearch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.model.SpanKind;
import java.nio.charset.StandardCharsets;

/**
 * The documents of the service indices: Jaeger's {@code {serviceName, operationName}} plus the
 * span kind, which Jaeger 1.50 does not store. The {@code _id} is Jaeger's, FNV-1a 64 of the
 * service name then the operation name in hex, with the kind appended to the hashed text when
 * there is one, so that an unspecified-kind operation has exactly Jaeger's ID.
 */
final class ServiceDocuments {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private ServiceDocuments() {}

    static String id(String service, String operation, SpanKind kind) {
        long hash = FNV_OFFSET;
        for (byte b : (service + operation + kind.jaegerName()).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return Long.toHexString(hash);
    }

    static ObjectNode document(String service, String operation, SpanKind kind) {
        ObjectNode doc = ClusterClient.JSON.createObjectNode();
        doc.put("serviceName", service);
        doc.put("operationName", operation);
        doc.put("spanKind", kind.jaegerName());
        return doc;
    }
}

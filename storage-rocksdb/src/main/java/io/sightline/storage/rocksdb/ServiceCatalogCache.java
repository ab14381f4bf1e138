package io.sightline.storage.rocksdb;

import io.sightline.core.model.SpanKind;
import io.sightline.core.storage.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The service/operation catalogue in memory, mirrored in the {@code catalog} column family so
 * that it is loaded at open instead of scanning spans. Catalogue keys:
 * {@code 'o' ‖ service ‖ 0x00 ‖ kind ordinal ‖ operation} (a service is any key's service part).
 */
final class ServiceCatalogCache {
    private static final byte OPERATION_KEY = 'o';
    private static final SpanKind[] KINDS = SpanKind.values();

    private final ConcurrentSkipListMap<String, ConcurrentSkipListSet<Operation>> operations =
            new ConcurrentSkipListMap<>();

    boolean contains(String service, Operation operation) {
        ConcurrentSkipListSet<Operation> known = operations.get(service);
        return known != null && known.contains(operation);
    }

    void add(String service, Operation operation) {
        operations.computeIfAbsent(service, s -> new ConcurrentSkipListSet<>()).add(operation);
    }

    List<String> services() {
        return List.copyOf(operations.keySet());
    }

    List<Operation> operations(String service, SpanKind kind) {
        ConcurrentSkipListSet<Operation> known = operations.get(service);
        if (known == null) {
            return List.of();
        }
        List<Operation> out = new ArrayList<>(known.size());
        for (Operation operation : known) {
            if (kind == null || operation.spanKind() == kind) {
                out.add(operation);
            }
        }
        return out;
    }

    static byte[] key(String service, Operation operation) {
        byte[] serviceBytes = service.getBytes(StandardCharsets.UTF_8);
        byte[] nameBytes = operation.name().getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[1 + serviceBytes.length + 2 + nameBytes.length];
        key[0] = OPERATION_KEY;
        System.arraycopy(serviceBytes, 0, key, 1, serviceBytes.length);
        key[1 + serviceBytes.length] = 0;
        key[2 + serviceBytes.length] = (byte) operation.spanKind().ordinal();
        System.arraycopy(nameBytes, 0, key, 3 + serviceBytes.length, nameBytes.length);
        return key;
    }

    /** Adds the entry a catalogue key describes; false when the key is not one of ours. */
    boolean load(byte[] key) {
        if (key.length < 3 || key[0] != OPERATION_KEY) {
            return false;
        }
        int separator = -1;
        for (int i = 1; i < key.length; i++) {
            if (key[i] == 0) {
                separator = i;
                break;
            }
        }
        if (separator < 0 || separator + 1 >= key.length || (key[separator + 1] & 0xFF) >= KINDS.length) {
            return false;
        }
        String service = new String(key, 1, separator - 1, StandardCharsets.UTF_8);
        SpanKind kind = KINDS[key[separator + 1] & 0xFF];
        String name = new String(key, separator + 2, key.length - separator - 2, StandardCharsets.UTF_8);
        add(service, new Operation(name, kind));
        return true;
    }
}

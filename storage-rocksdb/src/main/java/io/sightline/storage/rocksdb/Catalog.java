package io.sightline.storage.rocksdb;

import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.storage.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The service/operation catalogue in memory, so that listing it never scans spans. It is
 * mirrored in the {@code catalog} column family (written in the same batch as the spans) and
 * loaded from there at open. Keys there, values empty:
 * <ul>
 *   <li>{@code 's' ‖ service} — a service;
 *   <li>{@code 'o' ‖ varint(length of service) ‖ service ‖ kind ordinal(1) ‖ operation} — an
 *       operation with the span kind it was seen with.
 * </ul>
 * All strings UTF-8. Services have their own keys so that a later cap on operations per service
 * can never hide a service.
 */
final class Catalog {
    private static final byte SERVICE_KEY = 's';
    private static final byte OPERATION_KEY = 'o';
    private static final SpanKind[] KINDS = SpanKind.values();

    private final ConcurrentSkipListMap<String, ConcurrentSkipListSet<Operation>> operationsByService =
            new ConcurrentSkipListMap<>();

    List<String> services() {
        return List.copyOf(operationsByService.keySet());
    }

    List<Operation> operations(String service, SpanKind kind) {
        ConcurrentSkipListSet<Operation> known = operationsByService.get(service);
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

    /** Collects what one write batch adds; applied to memory only once the batch is durable. */
    Additions newAdditions() {
        return new Additions();
    }

    /** Adds the entry a stored catalogue key describes; false when the key is not one of ours. */
    boolean load(byte[] key) {
        if (key.length >= 1 && key[0] == SERVICE_KEY) {
            operationsByService.computeIfAbsent(utf8(key, 1, key.length - 1), s -> new ConcurrentSkipListSet<>());
            return true;
        }
        if (key.length < 3 || key[0] != OPERATION_KEY) {
            return false;
        }
        ByteSource in = new ByteSource(key);
        in.readByte();
        String service;
        int kind;
        try {
            service = in.readString();
            kind = in.readByte();
        } catch (ByteSource.CorruptValueException e) {
            return false;
        }
        int nameStart = key.length - in.remaining();
        if (kind >= KINDS.length) {
            return false;
        }
        addOperation(service, new Operation(utf8(key, nameStart, key.length - nameStart), KINDS[kind]));
        return true;
    }

    private void addOperation(String service, Operation operation) {
        operationsByService.computeIfAbsent(service, s -> new ConcurrentSkipListSet<>()).add(operation);
    }

    private boolean contains(String service, Operation operation) {
        ConcurrentSkipListSet<Operation> known = operationsByService.get(service);
        return known != null && known.contains(operation);
    }

    static byte[] serviceKey(String service) {
        byte[] name = service.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[1 + name.length];
        key[0] = SERVICE_KEY;
        System.arraycopy(name, 0, key, 1, name.length);
        return key;
    }

    static byte[] operationKey(String service, Operation operation) {
        ByteSink out = new ByteSink(64);
        out.writeByte(OPERATION_KEY);
        out.writeString(service);
        out.writeByte(operation.spanKind().ordinal());
        byte[] head = out.toByteArray();
        byte[] name = operation.name().getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[head.length + name.length];
        System.arraycopy(head, 0, key, 0, head.length);
        System.arraycopy(name, 0, key, head.length, name.length);
        return key;
    }

    private static String utf8(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    /** The names one batch adds that the catalogue does not know yet. */
    final class Additions {
        private final Set<String> services = new HashSet<>();
        private final Set<ServiceOperation> operations = new HashSet<>();
        private final List<byte[]> keys = new ArrayList<>();

        void add(Span span) {
            String service = span.serviceName();
            if (!operationsByService.containsKey(service) && services.add(service)) {
                keys.add(serviceKey(service));
            }
            Operation operation = new Operation(span.name(), span.kind());
            if (!contains(service, operation) && operations.add(new ServiceOperation(service, operation))) {
                keys.add(operationKey(service, operation));
            }
        }

        /** The catalogue keys to put into the batch, each once. */
        List<byte[]> keys() {
            return keys;
        }

        void applyToMemory() {
            for (String service : services) {
                operationsByService.computeIfAbsent(service, s -> new ConcurrentSkipListSet<>());
            }
            for (ServiceOperation entry : operations) {
                addOperation(entry.service(), entry.operation());
            }
        }
    }

    private record ServiceOperation(String service, Operation operation) {}
}

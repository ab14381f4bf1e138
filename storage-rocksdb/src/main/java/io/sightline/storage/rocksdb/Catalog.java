package io.sightline.storage.rocksdb;

import io.sightline.core.model.HexIds;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.storage.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The service/operation catalogue in memory, so that listing it never scans spans. It is
 * mirrored in the {@code catalog} column family (written in the same batch as the spans) and
 * loaded from there at open. Keys there:
 * <ul>
 *   <li>{@code 's' ‖ service} — a service;
 *   <li>{@code 'o' ‖ varint(length of service) ‖ service ‖ kind ordinal(1) ‖ operation} — an
 *       operation with the span kind it was seen with.
 * </ul>
 * All strings UTF-8. The value is {@code lastSeenEpochNanos(8)}: the start of the newest
 * partition that received a span of the entry. Once every partition that old or older is
 * dropped, the entry names no stored span and {@link #prune} removes it, so that the catalogue
 * never outlives the data. Empty values (stores from before the time was kept) count as seen in
 * the newest partition at open. Services have their own keys so that a later cap on operations
 * per service can never hide a service.
 */
final class Catalog {
    private static final byte SERVICE_KEY = 's';
    private static final byte OPERATION_KEY = 'o';
    private static final SpanKind[] KINDS = SpanKind.values();

    private final ConcurrentSkipListMap<String, Service> services = new ConcurrentSkipListMap<>();

    /** One service: when it was last seen, and its operations with theirs. */
    private static final class Service {
        private volatile long lastSeenEpochNanos = Long.MIN_VALUE;
        private final ConcurrentSkipListMap<Operation, Long> operations = new ConcurrentSkipListMap<>();

        synchronized void seen(long epochNanos) {
            lastSeenEpochNanos = Math.max(lastSeenEpochNanos, epochNanos);
        }

        void operationSeen(Operation operation, long epochNanos) {
            operations.merge(operation, epochNanos, Math::max);
        }
    }

    List<String> services() {
        return List.copyOf(services.keySet());
    }

    List<Operation> operations(String service, SpanKind kind) {
        Service known = services.get(service);
        if (known == null) {
            return List.of();
        }
        List<Operation> out = new ArrayList<>(known.operations.size());
        for (Operation operation : known.operations.keySet()) {
            if (kind == null || operation.spanKind() == kind) {
                out.add(operation);
            }
        }
        return out;
    }

    /** Collects what one write batch adds or moves forward; applied to memory only once the batch is durable. */
    Additions newAdditions() {
        return new Additions();
    }

    /**
     * Adds the entry a stored catalogue key describes; false when the key is not one of ours.
     *
     * @param unknownLastSeenEpochNanos the last-seen time of an entry stored without one
     */
    boolean load(byte[] key, byte[] value, long unknownLastSeenEpochNanos) {
        long lastSeen = value != null && value.length == 8 ? HexIds.readLong(value, 0) : unknownLastSeenEpochNanos;
        if (key.length >= 1 && key[0] == SERVICE_KEY) {
            service(utf8(key, 1, key.length - 1)).seen(lastSeen);
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
        Service entry = service(service);
        // An operation's spans are its service's spans: the service is at least as recent.
        entry.seen(lastSeen);
        entry.operationSeen(new Operation(utf8(key, nameStart, key.length - nameStart), KINDS[kind]), lastSeen);
        return true;
    }

    /**
     * Forgets every entry last seen before {@code oldestLiveEpochNanos}, the start of the oldest
     * partition left (or {@link Long#MAX_VALUE} when none is), and returns their keys, to delete.
     * Called only while no write runs.
     */
    List<byte[]> prune(long oldestLiveEpochNanos) {
        List<byte[]> removed = new ArrayList<>();
        for (Map.Entry<String, Service> entry : services.entrySet()) {
            Service service = entry.getValue();
            for (Map.Entry<Operation, Long> operation : service.operations.entrySet()) {
                if (operation.getValue() < oldestLiveEpochNanos) {
                    service.operations.remove(operation.getKey());
                    removed.add(operationKey(entry.getKey(), operation.getKey()));
                }
            }
            if (service.lastSeenEpochNanos < oldestLiveEpochNanos) {
                services.remove(entry.getKey());
                removed.add(serviceKey(entry.getKey()));
            }
        }
        return removed;
    }

    private Service service(String name) {
        return services.computeIfAbsent(name, s -> new Service());
    }

    private long lastSeen(String service) {
        Service known = services.get(service);
        return known == null ? Long.MIN_VALUE : known.lastSeenEpochNanos;
    }

    private long lastSeen(String service, Operation operation) {
        Service known = services.get(service);
        Long seen = known == null ? null : known.operations.get(operation);
        return seen == null ? Long.MIN_VALUE : seen;
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

    static byte[] lastSeenValue(long epochNanos) {
        byte[] value = new byte[8];
        HexIds.writeLong(value, 0, epochNanos);
        return value;
    }

    private static String utf8(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    /**
     * The entries one batch adds, or sees in a newer partition than recorded. An entry is
     * rewritten at most once per partition, so steady traffic adds no catalogue writes.
     */
    final class Additions {
        private final Map<String, Long> services = new HashMap<>();
        private final Map<ServiceOperation, Long> operations = new HashMap<>();

        /** The span added last: the next one, mostly of the same service and operation, adds nothing new. */
        private String lastService;
        private String lastName;
        private io.sightline.core.model.SpanKind lastKind;
        private long lastPartitionStartEpochNanos;

        /** @param partitionStartEpochNanos start of the partition the span goes into */
        void add(Span span, long partitionStartEpochNanos) {
            String service = span.serviceName();
            // Identity, not equality: a cheap check that only skips what was just added.
            if (service == lastService && span.name() == lastName && span.kind() == lastKind
                    && partitionStartEpochNanos == lastPartitionStartEpochNanos) {
                return;
            }
            lastService = service;
            lastName = span.name();
            lastKind = span.kind();
            lastPartitionStartEpochNanos = partitionStartEpochNanos;
            if (lastSeen(service) < partitionStartEpochNanos) {
                services.merge(service, partitionStartEpochNanos, Math::max);
            }
            Operation operation = new Operation(span.name(), span.kind());
            if (lastSeen(service, operation) < partitionStartEpochNanos) {
                operations.merge(new ServiceOperation(service, operation), partitionStartEpochNanos, Math::max);
            }
        }

        boolean isEmpty() {
            return services.isEmpty() && operations.isEmpty();
        }

        /** The catalogue entries to put into the batch, each once. */
        void forEachEntry(java.util.function.BiConsumer<byte[], byte[]> put) {
            services.forEach((service, seen) -> put.accept(serviceKey(service), lastSeenValue(seen)));
            operations.forEach((entry, seen) -> put.accept(operationKey(entry.service(), entry.operation()),
                    lastSeenValue(seen)));
        }

        void applyToMemory() {
            services.forEach((service, seen) -> service(service).seen(seen));
            operations.forEach((entry, seen) -> {
                Service service = service(entry.service());
                service.seen(seen);
                service.operationSeen(entry.operation(), seen);
            });
        }
    }

    private record ServiceOperation(String service, Operation operation) {}
}

package io.sightline.storage.rocksdb;

import io.sightline.core.model.Span;
import io.sightline.core.storage.SearchableTags;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Adds the {@link IndexKeys} entries of spans to a write batch. One instance per batch: it keeps
 * the heads it built, since the spans of a batch share their service, operations and resource
 * attributes, and building a head means encoding its strings. Not thread-safe.
 */
final class SpanIndexer {
    /** Heads are cached per batch only up to this many, so that a batch of unique values stays bounded. */
    private static final int MAX_CACHED_HEADS = 4_096;

    private final WriteBatch batch;
    private final Map<HeadKey, byte[]> heads = new HashMap<>();
    private final Set<String> seenPairs = new HashSet<>();

    SpanIndexer(WriteBatch batch) {
        this.batch = batch;
    }

    void add(ColumnFamilyHandle partition, Span span) throws RocksDBException {
        String service = span.serviceName();
        long startMicros = span.startEpochMicros();
        byte[] duration = IndexKeys.durationValue(span.durationMicros());
        put(partition, head('s', service, null, null), span, startMicros, duration);
        put(partition, head('o', service, span.name(), null), span, startMicros, duration);
        // Pairs may repeat (the same field in several events): one entry each is enough.
        seenPairs.clear();
        RocksDBException[] failure = new RocksDBException[1];
        SearchableTags.forEach(span, (key, value) -> {
            if (failure[0] != null || !IndexKeys.indexable(key, value)
                    || !seenPairs.add(key.length() + ":" + key + value)) {
                return;
            }
            try {
                put(partition, head('t', service, key, value), span, startMicros, duration);
            } catch (RocksDBException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private void put(ColumnFamilyHandle partition, byte[] head, Span span, long startMicros, byte[] duration)
            throws RocksDBException {
        batch.put(partition, IndexKeys.entry(head, startMicros, span.traceId(), span.spanId()), duration);
    }

    private byte[] head(char kind, String service, String first, String second) {
        HeadKey key = new HeadKey(kind, service, first, second);
        byte[] head = heads.get(key);
        if (head == null) {
            head = switch (kind) {
                case 's' -> IndexKeys.serviceHead(service);
                case 'o' -> IndexKeys.operationHead(service, first);
                default -> IndexKeys.tagHead(service, first, second);
            };
            if (heads.size() < MAX_CACHED_HEADS) {
                heads.put(key, head);
            }
        }
        return head;
    }

    private record HeadKey(char kind, String service, String first, String second) {}
}

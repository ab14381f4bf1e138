package io.sightline.storage.rocksdb;

import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.storage.SearchableTags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Adds the {@link IndexKeys} entries of spans to a write batch. One instance per batch: it keeps
 * what the spans of a batch share (heads of services and operations, the source of each resource
 * and scope, which partitions already got a source's {@code 'd'} entries), since building them
 * means encoding strings. Sources are cached by identity, as a batch's spans share their resource
 * instance. Not thread-safe.
 */
final class SpanIndexer {
    /** Heads are cached per batch only up to this many, so that a batch of unique values stays bounded. */
    private static final int MAX_CACHED_HEADS = 4_096;

    private final WriteBatch batch;
    private final Map<HeadKey, byte[]> heads = new HashMap<>();
    private final Map<Resource, Map<InstrumentationScope, Source>> sources = new IdentityHashMap<>();
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
        Source source = source(span);
        if (source.hasTags()) {
            source.writeTagsOnce(partition);
            put(partition, source.head, span, startMicros, duration);
        }
        // Pairs may repeat (the same field in several events): one entry each is enough.
        boolean mayRepeat = !span.events().isEmpty();
        seenPairs.clear();
        RocksDBException[] failure = new RocksDBException[1];
        SearchableTags.forEachOfSpanItself(span, (key, value) -> {
            if (failure[0] != null || !IndexKeys.indexable(key, value)
                    || (mayRepeat && !seenPairs.add(key.length() + ":" + key + value))) {
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

    private Source source(Span span) {
        Map<InstrumentationScope, Source> byScope = sources.computeIfAbsent(span.resource(), r -> new IdentityHashMap<>());
        Source source = byScope.get(span.scope());
        if (source == null) {
            source = new Source(span.serviceName(), span.resource(), span.scope());
            byScope.put(span.scope(), source);
        }
        return source;
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

    /** One resource and scope: its fingerprint, its indexable pairs, and the partitions it was listed in. */
    private final class Source {
        final byte[] head;
        final List<byte[]> tagKeys = new ArrayList<>();
        final List<ColumnFamilyHandle> listedIn = new ArrayList<>(1);

        Source(String service, Resource resource, InstrumentationScope scope) {
            List<byte[]> prefixes = new ArrayList<>();
            long[] hash = {fnv(FNV_OFFSET, service)};
            SearchableTags.forEachOfSource(resource, scope, (key, value) -> {
                hash[0] = fnv(fnv(hash[0], key), value);
                if (IndexKeys.indexable(key, value)) {
                    prefixes.add(IndexKeys.sourceTagPrefix(service, key, value));
                }
            });
            for (byte[] prefix : prefixes) {
                tagKeys.add(IndexKeys.sourceTagKey(prefix, hash[0]));
            }
            head = IndexKeys.sourceHead(service, hash[0]);
        }

        boolean hasTags() {
            return !tagKeys.isEmpty();
        }

        void writeTagsOnce(ColumnFamilyHandle partition) throws RocksDBException {
            if (listedIn.contains(partition)) {
                return;
            }
            listedIn.add(partition);
            for (byte[] key : tagKeys) {
                batch.put(partition, key, EMPTY);
            }
        }
    }

    private static final byte[] EMPTY = new byte[0];
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** FNV-1a over the chars, then a separator, so that ("ab", "c") and ("a", "bc") differ. */
    private static long fnv(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * FNV_PRIME;
        }
        return (hash ^ 0xFFFF) * FNV_PRIME;
    }
}

package io.sightline.storage.rocksdb;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The encoded form of the heads the store writes, kept across batches: services, operations,
 * sources and common tags come back in every batch, and encoding one means UTF-8 encoding its
 * strings again. Bounded: once full, new heads are encoded each time and not kept, so that
 * tags with a value of their own per trace cannot grow it without end. Thread-safe.
 */
final class EncodedHeads {
    static final int MAX_KEPT = 65_536;

    private final ConcurrentHashMap<SpanIndexer.HeadKey, byte[]> kept = new ConcurrentHashMap<>();

    byte[] of(SpanIndexer.HeadKey head) {
        byte[] encoded = kept.get(head);
        if (encoded == null) {
            encoded = head.encode();
            if (kept.size() < MAX_KEPT) {
                kept.putIfAbsent(head, encoded);
            }
        }
        return encoded;
    }

    int size() {
        return kept.size();
    }
}

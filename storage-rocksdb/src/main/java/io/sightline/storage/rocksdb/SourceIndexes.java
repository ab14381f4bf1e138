package io.sightline.storage.rocksdb;

import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.storage.SearchableTags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the search index needs of each source (resource and scope, with its service): its 64-bit
 * fingerprint, the {@code 'r'} head's hash, and its {@code 'd'} keys, one per indexable tag. Kept
 * by content up to {@link #MAX_KEPT}, so an equal resource arriving as a new instance (a new
 * request, or a sender that repeats it per span) costs a map lookup. Thread-safe.
 */
final class SourceIndexes {
    static final int MAX_KEPT = 4_096;

    /** @param tagKeys the {@code 'd'} keys of the source's indexable tags */
    record Fingerprint(long hash, List<byte[]> tagKeys) {}

    private record Content(String service, Resource resource, InstrumentationScope scope) {}

    private final ConcurrentHashMap<Content, Fingerprint> kept = new ConcurrentHashMap<>();

    Fingerprint of(String service, Resource resource, InstrumentationScope scope) {
        Content content = new Content(service, resource, scope);
        Fingerprint fingerprint = kept.get(content);
        if (fingerprint == null) {
            fingerprint = compute(service, resource, scope);
            if (kept.size() >= MAX_KEPT) {
                kept.clear();
            }
            kept.put(content, fingerprint);
        }
        return fingerprint;
    }

    private static Fingerprint compute(String service, Resource resource, InstrumentationScope scope) {
        List<byte[]> prefixes = new ArrayList<>();
        long[] hash = {fnv(FNV_OFFSET, service)};
        SearchableTags.forEachOfSource(resource, scope, (key, value) -> {
            hash[0] = fnv(fnv(hash[0], key), value);
            if (IndexKeys.indexable(key, value)) {
                prefixes.add(IndexKeys.sourceTagPrefix(service, key, value));
            }
        });
        List<byte[]> tagKeys = new ArrayList<>(prefixes.size());
        for (byte[] prefix : prefixes) {
            tagKeys.add(IndexKeys.sourceTagKey(prefix, hash[0]));
        }
        return new Fingerprint(hash[0], List.copyOf(tagKeys));
    }

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

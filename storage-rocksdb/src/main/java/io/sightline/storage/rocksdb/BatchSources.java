package io.sightline.storage.rocksdb;

import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The {@link StoredSources} of one write batch: each resource and scope instance is looked up
 * once per batch (spans of one batch mostly share their resource instance), in a cache of
 * encodings by content, and put into a partition only when that partition is not known to hold it
 * already. What the batch put is known to its partitions only once the batch is durable
 * ({@link #committed}). One instance per batch; not thread-safe.
 */
final class BatchSources {
    private final WriteBatch batch;
    private final StoredSources stored;
    private final Map<Resource, Map<InstrumentationScope, StoredSources.Encoded>> encoded = new IdentityHashMap<>();
    private final List<Partition> putInto = new ArrayList<>(2);
    private final List<StoredSources.Id> putIds = new ArrayList<>(8);

    BatchSources(WriteBatch batch, StoredSources stored) {
        this.batch = batch;
        this.stored = stored;
    }

    /** The ID of the span's source, which the batch has put into {@code partition} unless it was there. */
    StoredSources.Id into(Partition partition, Span span) throws RocksDBException {
        Map<InstrumentationScope, StoredSources.Encoded> byScope =
                encoded.computeIfAbsent(span.resource(), r -> new IdentityHashMap<>(2));
        StoredSources.Encoded source = byScope.get(span.scope());
        if (source == null) {
            source = stored.encode(span.resource(), span.scope());
            byScope.put(span.scope(), source);
        }
        StoredSources.Id id = source.id();
        if (!partition.holdsSource(id) && !putBefore(partition, id)) {
            batch.put(partition.handle(), id.key(), source.value());
            putInto.add(partition);
            putIds.add(id);
        }
        return id;
    }

    private boolean putBefore(Partition partition, StoredSources.Id id) {
        for (int i = 0; i < putIds.size(); i++) {
            if (putInto.get(i) == partition && putIds.get(i).equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** Call once the batch is durable: its partitions hold its sources from now on. */
    void committed() {
        for (int i = 0; i < putIds.size(); i++) {
            putInto.get(i).sourceStored(putIds.get(i));
        }
    }
}

package io.sightline.storage.rocksdb;

import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The spans of one trace as its pieces, read in key order (write order), hold them: one per
 * (span ID, start µs), the copy written last, as the store's contract says (a span written again
 * replaces the stored one). Not thread-safe.
 */
final class LatestCopies {
    private final TraceId traceId;
    private final Map<SpanAtMicros, TracePieces.Entry> copies = new LinkedHashMap<>();

    private record SpanAtMicros(long spanId, long startEpochMicros) {}

    LatestCopies(TraceId traceId) {
        this.traceId = traceId;
    }

    TraceId traceId() {
        return traceId;
    }

    /**
     * The trace's spans in one partition; {@code read} must have prefix-same-as-start set (and a
     * snapshot, for a consistent answer).
     *
     * @throws io.sightline.core.storage.StorageException when reading fails or a piece is corrupt
     */
    static LatestCopies read(RocksDB db, Partition partition, ReadOptions read, TraceId traceId) {
        LatestCopies copies = new LatestCopies(traceId);
        byte[] prefix = SpanKeys.tracePrefix(traceId);
        try (RocksIterator it = db.newIterator(partition.handle(), read)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!SpanKeys.hasPrefix(key, prefix)) {
                    break;
                }
                copies.add(key, it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw new io.sightline.core.storage.StorageException("reading trace " + traceId + " in partition "
                    + partition + " failed: " + e.getMessage(), e);
        } catch (io.sightline.core.storage.StorageException e) {
            throw new io.sightline.core.storage.StorageException("partition " + partition + ": " + e.getMessage(), e);
        }
        return copies;
    }

    /** Adds a piece read after every piece added before. */
    void add(byte[] key, byte[] value) {
        for (TracePieces.Entry entry : TracePieces.entries(key, value)) {
            copies.put(new SpanAtMicros(entry.spanId(), entry.startEpochMicros()), entry);
        }
    }

    boolean isEmpty() {
        return copies.isEmpty();
    }

    Collection<TracePieces.Entry> entries() {
        return copies.values();
    }

    Span decode(TracePieces.Entry entry, SpanCodec.SourceLookup sources) {
        return TracePieces.decode(traceId, entry, sources);
    }

    List<Span> decodeAll(SpanCodec.SourceLookup sources) {
        List<Span> out = new ArrayList<>(copies.size());
        for (TracePieces.Entry entry : copies.values()) {
            out.add(decode(entry, sources));
        }
        return out;
    }
}

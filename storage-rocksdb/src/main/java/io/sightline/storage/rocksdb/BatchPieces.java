package io.sightline.storage.rocksdb;

import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The {@link TracePieces} of one write batch: its spans gathered per partition and trace, in the
 * order they came, then put as one entry per trace and partition (split every
 * {@link TracePieces#MAX_SPANS} spans). One instance per batch; not thread-safe.
 */
final class BatchPieces {
    private final Map<Partition, Map<TraceId, Piece>> byPartition = new IdentityHashMap<>(2);
    /** The piece met last: a batch's spans mostly come trace by trace. */
    private Piece last;

    private static final class Piece {
        final Partition partition;
        final TraceId traceId;
        final List<Span> spans = new ArrayList<>(8);
        final List<StoredSources.Id> sources = new ArrayList<>(8);

        Piece(Partition partition, TraceId traceId) {
            this.partition = partition;
            this.traceId = traceId;
        }
    }

    void add(Partition partition, Span span, StoredSources.Id source) {
        Piece piece = last;
        if (piece == null || piece.partition != partition || !piece.traceId.equals(span.traceId())) {
            piece = byPartition.computeIfAbsent(partition, p -> new LinkedHashMap<>())
                    .computeIfAbsent(span.traceId(), trace -> new Piece(partition, trace));
            last = piece;
        }
        piece.spans.add(span);
        piece.sources.add(source);
    }

    void writeTo(WriteBatch batch, long batchNumber) throws RocksDBException {
        for (Map<TraceId, Piece> pieces : byPartition.values()) {
            for (Piece piece : pieces.values()) {
                int size = piece.spans.size();
                for (int from = 0, part = 0; from < size; from += TracePieces.MAX_SPANS, part++) {
                    int to = Math.min(size, from + TracePieces.MAX_SPANS);
                    batch.put(piece.partition.handle(), SpanKeys.key(piece.traceId, batchNumber, part),
                            TracePieces.encode(piece.spans.subList(from, to), piece.sources.subList(from, to)));
                }
            }
        }
    }
}

package io.sightline.storage.rocksdb;

import io.sightline.core.model.Span;
import io.sightline.core.storage.DependencyCounter;
import io.sightline.core.storage.DependencyLink;
import io.sightline.core.storage.StorageException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * The call graph of a time window, computed from the stored spans: every span of every partition
 * that overlaps the window is read, trace by trace (a trace's spans are contiguous within a
 * partition). A child whose parent span is not in the same partition has its trace looked up in
 * the other partitions, so a trace that arrived in pieces, or whose parent started days before,
 * is linked. Cost: one sequential read of the window's partitions (every span decoded when its
 * trace has a child in the window), plus one prefix read per other partition for each trace
 * piece that misses a parent. Memory: one trace piece at a time, and the links.
 */
final class DependencyScan {
    /** The smallest span key: trace ID (0, 1). Index entries (trace ID zero) sort before it. */
    private static final byte[] FIRST_SPAN_KEY = new byte[SpanKeys.TRACE_PREFIX_BYTES];

    static {
        FIRST_SPAN_KEY[SpanKeys.TRACE_PREFIX_BYTES - 1] = 1;
    }

    private final RocksDB db;
    private final StoredSources sources;
    private final Snapshot snapshot;
    private final List<Partition> partitions;
    private final DependencyCounter counter;

    DependencyScan(RocksDB db, StoredSources sources, Snapshot snapshot, List<Partition> partitions,
                   long startMinEpochMicros, long startMaxEpochMicros) {
        this.db = db;
        this.sources = sources;
        this.snapshot = snapshot;
        this.partitions = partitions;
        this.counter = new DependencyCounter(startMinEpochMicros, startMaxEpochMicros);
    }

    List<DependencyLink> run(long windowStartNanos, long windowEndNanos) {
        try (ReadOptions scan = new ReadOptions().setSnapshot(snapshot).setTotalOrderSeek(true).setFillCache(false);
                ReadOptions lookup = new ReadOptions().setSnapshot(snapshot).setPrefixSameAsStart(true)) {
            for (Partition partition : partitions) {
                if (partition.startEpochNanos() <= windowEndNanos && windowStartNanos < partition.endEpochNanos()) {
                    scan(partition, scan, lookup);
                }
            }
        }
        return counter.links();
    }

    private void scan(Partition partition, ReadOptions scan, ReadOptions lookup) {
        LatestCopies piece = null;
        try (RocksIterator it = db.newIterator(partition.handle(), scan)) {
            for (it.seek(FIRST_SPAN_KEY); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!SpanKeys.isPieceKey(key)) {
                    continue;
                }
                if (piece != null && !piece.traceId().equals(SpanKeys.traceId(key))) {
                    addPiece(partition, piece, lookup);
                    piece = null;
                }
                if (piece == null) {
                    piece = new LatestCopies(SpanKeys.traceId(key));
                }
                piece.add(key, it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("reading partition " + partition + " failed: " + e.getMessage(), e);
        }
        if (piece != null) {
            addPiece(partition, piece, lookup);
        }
    }

    /** Counts the calls into the children of one trace's spans in one partition. */
    private void addPiece(Partition partition, LatestCopies piece, ReadOptions lookup) {
        boolean anyInWindow = false;
        for (TracePieces.Entry entry : piece.entries()) {
            anyInWindow |= counter.inWindow(entry.startEpochMicros());
        }
        if (!anyInWindow) {
            return;
        }
        List<Span> spans = piece.decodeAll(sourcesOf(partition, lookup));
        Set<Long> spanIds = new HashSet<>();
        for (Span span : spans) {
            spanIds.add(span.spanId());
        }
        boolean parentMissing = false;
        for (Span span : spans) {
            parentMissing |= span.parentSpanId() != 0 && counter.inWindow(span.startEpochMicros())
                    && !spanIds.contains(span.parentSpanId());
        }
        List<Span> elsewhere = parentMissing ? otherPieces(partition, piece.traceId(), lookup) : List.of();
        counter.addTrace(spans, elsewhere);
    }

    private List<Span> otherPieces(Partition home, io.sightline.core.model.TraceId traceId, ReadOptions lookup) {
        List<Span> out = new ArrayList<>();
        for (Partition partition : partitions) {
            if (partition != home) {
                out.addAll(LatestCopies.read(db, partition, lookup, traceId).decodeAll(sourcesOf(partition, lookup)));
            }
        }
        return out;
    }

    private SpanCodec.SourceLookup sourcesOf(Partition partition, ReadOptions lookup) {
        return id -> sources.resolve(db, partition.handle(), lookup, id, partition.name());
    }
}

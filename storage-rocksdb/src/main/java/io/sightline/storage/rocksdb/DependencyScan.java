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
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        try (RocksIterator it = db.newIterator(partition.handle(), scan)) {
            for (it.seek(FIRST_SPAN_KEY); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length != SpanKeys.KEY_BYTES) {
                    continue;
                }
                if (!keys.isEmpty() && !sameTrace(keys.get(0), key)) {
                    addPiece(partition, keys, values, lookup);
                    keys.clear();
                    values.clear();
                }
                keys.add(key);
                values.add(it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("reading partition " + partition + " failed: " + e.getMessage(), e);
        }
        if (!keys.isEmpty()) {
            addPiece(partition, keys, values, lookup);
        }
    }

    /** Counts the calls into the children of one trace's spans in one partition. */
    private void addPiece(Partition partition, List<byte[]> keys, List<byte[]> values, ReadOptions lookup) {
        boolean anyInWindow = false;
        for (byte[] key : keys) {
            anyInWindow |= counter.inWindow(SpanKeys.startEpochMicros(key));
        }
        if (!anyInWindow) {
            return;
        }
        List<Span> spans = new ArrayList<>(keys.size());
        Set<Long> spanIds = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            Span span = SpanCodec.decode(keys.get(i), values.get(i), sourcesOf(partition, lookup));
            spans.add(span);
            spanIds.add(span.spanId());
        }
        boolean parentMissing = false;
        for (Span span : spans) {
            parentMissing |= span.parentSpanId() != 0 && counter.inWindow(span.startEpochMicros())
                    && !spanIds.contains(span.parentSpanId());
        }
        List<Span> elsewhere = parentMissing ? otherPieces(partition, keys.get(0), lookup) : List.of();
        counter.addTrace(spans, elsewhere);
    }

    private List<Span> otherPieces(Partition home, byte[] anyKey, ReadOptions lookup) {
        byte[] prefix = new byte[SpanKeys.TRACE_PREFIX_BYTES];
        System.arraycopy(anyKey, 0, prefix, 0, prefix.length);
        List<Span> out = new ArrayList<>();
        for (Partition partition : partitions) {
            if (partition == home) {
                continue;
            }
            try (RocksIterator it = db.newIterator(partition.handle(), lookup)) {
                for (it.seek(prefix); it.isValid() && SpanKeys.hasPrefix(it.key(), prefix); it.next()) {
                    out.add(SpanCodec.decode(it.key(), it.value(), sourcesOf(partition, lookup)));
                }
                it.status();
            } catch (RocksDBException e) {
                throw new StorageException("reading partition " + partition + " failed: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private SpanCodec.SourceLookup sourcesOf(Partition partition, ReadOptions lookup) {
        return id -> sources.resolve(db, partition.handle(), lookup, id, partition.name());
    }

    private static boolean sameTrace(byte[] a, byte[] b) {
        for (int i = 0; i < SpanKeys.TRACE_PREFIX_BYTES; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
}

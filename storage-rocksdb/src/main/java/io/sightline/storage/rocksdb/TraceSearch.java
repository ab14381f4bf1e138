package io.sightline.storage.rocksdb;

import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.SpanMatcher;
import io.sightline.core.storage.StorageException;
import io.sightline.core.storage.TraceQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * One trace search over the {@link IndexKeys} postings. One condition drives it: the first query
 * tag short enough to be indexed, else the operation, else the service (see
 * {@link #drivingHeads}). Its postings are read newest slot first, merged across the partitions
 * that overlap the time window (and, for a tag, across the postings of its key, where only its value's items
 * count, and the sources that have the tag), in one queue with the items of the postings already opened: a posting is opened
 * when the end of its slot is the latest thing in the queue, and an item is taken when its start
 * is. Items hold an upper bound of their start (see {@link Postings}); taking one reads its
 * trace's spans in that partition and checks them against the whole query with
 * {@link SpanMatcher}: the item goes back into the queue at the start of the trace's newest
 * matching span, or is dropped when none matches. A trace is found when an item comes out at
 * a start that a check confirmed, so traces come out newest matching span first, as the
 * reference semantics require, and the walk stops at {@code maxTraces}. Memory is bounded by
 * the postings opened; time by the driving head's items in the window, and the traces they name.
 */
final class TraceSearch {
    static final int MAX_SOURCES_PER_TAG = 1_024;

    private final RocksDB db;
    private final StoredSources sources;
    private final ReadOptions read;
    private final TraceQuery query;
    /** The trace lists of the batches met, per partition and batch. */
    private final Map<Partition, Map<Long, TraceId[]>> traceLists = new HashMap<>();
    /** Checked traces, per partition: the start of the newest matching span, or {@link #NO_MATCH}. */
    private final Map<Partition, Map<TraceId, Long>> checked = new HashMap<>();
    private static final long NO_MATCH = Long.MIN_VALUE;

    /** {@code read} must have a snapshot and prefix-same-as-start set; the caller closes it. */
    TraceSearch(RocksDB db, ReadOptions read, TraceQuery query, StoredSources sources) {
        this.db = db;
        this.sources = sources;
        this.read = read;
        this.query = query;
    }

    List<TraceId> run(List<Partition> partitions) {
        PriorityQueue<Queued> newestFirst = new PriorityQueue<>(
                (a, b) -> Long.compare(b.startEpochMicros(), a.startEpochMicros()));
        List<Cursor> opened = new ArrayList<>();
        try {
            long newestSlot = Postings.slot(query.startMaxEpochMicros());
            for (Partition partition : partitions) {
                if (!overlapsWindow(partition)) {
                    continue;
                }
                for (DrivingHead head : drivingHeads(partition)) {
                    Cursor cursor = new Cursor(partition, db.newIterator(partition.handle(), read), head);
                    opened.add(cursor);
                    if (cursor.seek(IndexKeys.seekKey(head.head(), newestSlot))) {
                        newestFirst.add(cursor);
                    }
                }
            }
            Set<TraceId> found = new LinkedHashSet<>();
            while (found.size() < query.maxTraces() && !newestFirst.isEmpty()) {
                Queued next = newestFirst.poll();
                if (next instanceof Cursor cursor) {
                    open(cursor, newestFirst);
                    if (cursor.next()) {
                        newestFirst.add(cursor);
                    }
                } else {
                    take((Candidate) next, found, newestFirst);
                }
            }
            return List.copyOf(found);
        } finally {
            opened.forEach(Cursor::close);
        }
    }

    /** Queues the items of the cursor's posting that may match the window and the durations. */
    private void open(Cursor cursor, PriorityQueue<Queued> queue) {
        List<Postings.Item> items;
        try {
            items = cursor.head.tagValueUtf8 == null ? Postings.decode(cursor.slot, cursor.value)
                    : TagColumns.itemsOf(cursor.slot, cursor.value, cursor.head.tagValueUtf8);
        } catch (ByteSource.CorruptValueException e) {
            throw new StorageException("a search posting of partition " + cursor.partition + " is corrupt: "
                    + e.getMessage(), e);
        }
        for (Postings.Item item : items) {
            long upper = item.startUpperBoundEpochMicros();
            // Only the newest of the item's spans is bounded from below (by a millisecond); older ones may be in the window.
            if (upper < query.startMinEpochMicros()) {
                continue;
            }
            if (item.longestAtMostMicros() < query.durationMinMicros()
                    || item.shortestAtLeastMicros() > query.durationMaxMicros()) {
                continue;
            }
            queue.add(new Candidate(cursor.partition, cursor.batch, item.position(), upper, false));
        }
    }

    private void take(Candidate candidate, Set<TraceId> found, PriorityQueue<Queued> queue) {
        TraceId traceId = traceOf(candidate);
        if (traceId == null || found.contains(traceId)) {
            return;
        }
        if (candidate.confirmed()) {
            found.add(traceId);
            return;
        }
        Map<TraceId, Long> ofPartition = checked.computeIfAbsent(candidate.partition(), p -> new HashMap<>());
        Long known = ofPartition.get(traceId);
        if (known != null) {
            // Already checked, and put back at its newest match if it had one.
            return;
        }
        long newestMatch = newestMatchingStart(candidate.partition(), traceId);
        ofPartition.put(traceId, newestMatch);
        if (newestMatch == NO_MATCH) {
            return;
        }
        if (newestMatch >= candidate.startEpochMicros()) {
            found.add(traceId);
        } else {
            queue.add(new Candidate(candidate.partition(), candidate.batch(), candidate.position(), newestMatch, true));
        }
    }

    private TraceId traceOf(Candidate candidate) {
        TraceId[] traces = traceLists.computeIfAbsent(candidate.partition(), p -> new HashMap<>())
                .computeIfAbsent(candidate.batch(), batch -> readTraceList(candidate.partition(), batch));
        return candidate.position() < traces.length ? traces[candidate.position()] : null;
    }

    private TraceId[] readTraceList(Partition partition, long batch) {
        try {
            byte[] value = db.get(partition.handle(), read, IndexKeys.tracesKey(batch));
            return value == null ? new TraceId[0] : IndexKeys.readTraces(value);
        } catch (RocksDBException e) {
            throw new StorageException("reading the index of partition " + partition + " failed: " + e.getMessage(), e);
        } catch (ByteSource.CorruptValueException e) {
            throw new StorageException("the trace list of batch " + batch + " in partition " + partition
                    + " is corrupt: " + e.getMessage(), e);
        }
    }

    /** The start of the newest span of the trace in this partition that matches the whole query, or {@link #NO_MATCH}. */
    private long newestMatchingStart(Partition partition, TraceId traceId) {
        long newest = NO_MATCH;
        LatestCopies copies = LatestCopies.read(db, partition, read, traceId);
        SpanCodec.SourceLookup lookup = id -> sources.resolve(db, partition.handle(), read, id, partition.name());
        for (TracePieces.Entry entry : copies.entries()) {
            long start = entry.startEpochMicros();
            // The start is stored beside the span: most spans are ruled out before being decoded.
            if (start < query.startMinEpochMicros() || start > query.startMaxEpochMicros() || start <= newest) {
                continue;
            }
            if (SpanMatcher.matches(query, copies.decode(entry, lookup))) {
                newest = start;
            }
        }
        return newest;
    }

    /**
     * The entries to walk in one partition: for the first query tag short enough to be indexed
     * (see {@link IndexKeys#MAX_INDEXED_TAG_CHARS}), its span entries and the entries of every
     * source (resource and scope) that has it; else the operation's entries; else the service's.
     * More than {@link #MAX_SOURCES_PER_TAG} sources with the tag in one partition: the operation
     * or service entries drive there instead, so the number of open iterators stays bounded.
     */
    private List<DrivingHead> drivingHeads(Partition partition) {
        String service = query.serviceName();
        DrivingHead fallback = new DrivingHead(query.operationName() != null
                ? IndexKeys.operationHead(service, query.operationName()) : IndexKeys.serviceHead(service), null);
        for (Map.Entry<String, String> tag : query.tags().entrySet()) {
            if (!IndexKeys.indexable(tag.getKey(), tag.getValue())) {
                continue;
            }
            List<DrivingHead> heads = new ArrayList<>();
            heads.add(new DrivingHead(IndexKeys.tagColumnHead(service, tag.getKey()),
                    tag.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            byte[] prefix = IndexKeys.sourceTagPrefix(service, tag.getKey(), tag.getValue());
            try (RocksIterator it = db.newIterator(partition.handle(), read)) {
                for (it.seek(prefix); it.isValid(); it.next()) {
                    Long source = IndexKeys.sourceOf(it.key(), prefix);
                    if (source == null) {
                        break;
                    }
                    if (heads.size() > MAX_SOURCES_PER_TAG) {
                        return List.of(fallback);
                    }
                    heads.add(new DrivingHead(IndexKeys.sourceHead(service, source), null));
                }
                it.status();
            } catch (RocksDBException e) {
                throw new StorageException("reading the index of partition " + partition + " failed: "
                        + e.getMessage(), e);
            }
            return heads;
        }
        return List.of(fallback);
    }

    private boolean overlapsWindow(Partition partition) {
        // Partition ranges are in ns, [start, end); the window is whole µs, both ends inclusive.
        long windowStartNanos = toNanosSaturated(query.startMinEpochMicros());
        long windowEndNanos = toNanosSaturated(query.startMaxEpochMicros());
        windowEndNanos = windowEndNanos > Long.MAX_VALUE - 999 ? Long.MAX_VALUE : windowEndNanos + 999;
        return partition.startEpochNanos() <= windowEndNanos && windowStartNanos < partition.endEpochNanos();
    }

    static long toNanosSaturated(long micros) {
        if (micros > Long.MAX_VALUE / 1_000) {
            return Long.MAX_VALUE;
        }
        return micros < Long.MIN_VALUE / 1_000 ? Long.MIN_VALUE : micros * 1_000;
    }

    /** A head whose postings drive the search; for a tag column, the value whose items count. */
    private record DrivingHead(byte[] head, byte[] tagValueUtf8) {}

    /** Something in the queue, ordered by a start: a posting to open, or a trace to check or take. */
    private sealed interface Queued permits Cursor, Candidate {
        long startEpochMicros();
    }

    /**
     * One item of an opened posting: the trace at {@code position} of the batch's list, in
     * {@code partition}. Unconfirmed, its start is an upper bound; confirmed, it is the start of
     * the trace's newest matching span there.
     */
    private record Candidate(Partition partition, long batch, int position, long startEpochMicros, boolean confirmed)
            implements Queued {}

    /** One partition's postings of the driving head, newest first, down to the window's start. */
    private final class Cursor implements Queued {
        final Partition partition;
        final RocksIterator iterator;
        final DrivingHead head;
        byte[] value;
        long slot;
        /** The end of the posting's slot: no item in it started later. */
        long latestStartEpochMicros;
        long batch;

        Cursor(Partition partition, RocksIterator iterator, DrivingHead head) {
            this.partition = partition;
            this.iterator = iterator;
            this.head = head;
        }

        @Override
        public long startEpochMicros() {
            return latestStartEpochMicros;
        }

        boolean seek(byte[] target) {
            iterator.seek(target);
            return load();
        }

        boolean next() {
            iterator.next();
            return load();
        }

        private boolean load() {
            if (!iterator.isValid()) {
                checkStatus();
                return false;
            }
            byte[] candidate = iterator.key();
            if (!IndexKeys.isPostingOf(candidate, head.head())) {
                return false;
            }
            long postingSlot = IndexKeys.slot(candidate);
            long slotEnd = Postings.slotEndEpochMicros(postingSlot);
            if (slotEnd < query.startMinEpochMicros()) {
                // Every later posting, and every item, started before the window.
                return false;
            }
            slot = postingSlot;
            latestStartEpochMicros = slotEnd;
            batch = IndexKeys.batch(candidate);
            value = iterator.value();
            return true;
        }

        private void checkStatus() {
            try {
                iterator.status();
            } catch (RocksDBException e) {
                throw new StorageException("reading the index of partition " + partition + " failed: "
                        + e.getMessage(), e);
            }
        }

        void close() {
            iterator.close();
        }
    }
}

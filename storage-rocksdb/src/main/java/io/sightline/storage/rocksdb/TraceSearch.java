package io.sightline.storage.rocksdb;

import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.SpanMatcher;
import io.sightline.core.storage.StorageException;
import io.sightline.core.storage.TraceQuery;
import java.util.ArrayList;
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
 * One trace search over the {@link IndexKeys} entries. One index drives it: the first query tag
 * short enough to be indexed, else the operation, else the service. Its entries are read newest
 * first, merged across the partitions that overlap the time window; each entry names one span,
 * which is read and checked against the whole query with {@link SpanMatcher}, so results are
 * exact whatever drove the search. The first matching span of a trace met this way is its newest
 * matching one, so traces come out in the required order and the walk stops at
 * {@code maxTraces}. Memory is bounded by {@code maxTraces} plus one iterator per partition;
 * time is bounded by the driving index's entries in the window (spans of traces already found
 * are skipped without being read).
 */
final class TraceSearch {
    private final RocksDB db;
    private final ReadOptions read;
    private final TraceQuery query;

    /** {@code read} must have a snapshot and prefix-same-as-start set; the caller closes it. */
    TraceSearch(RocksDB db, ReadOptions read, TraceQuery query) {
        this.db = db;
        this.read = read;
        this.query = query;
    }

    List<TraceId> run(List<Partition> partitions) {
        byte[] head = drivingHead(query);
        PriorityQueue<Cursor> newestFirst = new PriorityQueue<>(
                (a, b) -> Long.compare(b.startEpochMicros, a.startEpochMicros));
        List<Cursor> opened = new ArrayList<>();
        try {
            for (Partition partition : partitions) {
                if (!overlapsWindow(partition)) {
                    continue;
                }
                Cursor cursor = new Cursor(partition, db.newIterator(partition.handle(), read), head);
                opened.add(cursor);
                if (cursor.seek(IndexKeys.seekKey(head, query.startMaxEpochMicros()))) {
                    newestFirst.add(cursor);
                }
            }
            Set<TraceId> found = new LinkedHashSet<>();
            while (found.size() < query.maxTraces() && !newestFirst.isEmpty()) {
                Cursor cursor = newestFirst.poll();
                byte[] entry = cursor.key;
                TraceId traceId = IndexKeys.traceId(entry);
                if (!found.contains(traceId) && durationMayMatch(cursor.durationMicros) && matches(cursor, entry)) {
                    found.add(traceId);
                }
                if (cursor.next()) {
                    newestFirst.add(cursor);
                }
            }
            return List.copyOf(found);
        } finally {
            opened.forEach(Cursor::close);
        }
    }

    /** The most selective index the query can use without a scan; see {@link IndexKeys#MAX_INDEXED_TAG_CHARS}. */
    static byte[] drivingHead(TraceQuery query) {
        for (Map.Entry<String, String> tag : query.tags().entrySet()) {
            if (IndexKeys.indexable(tag.getKey(), tag.getValue())) {
                return IndexKeys.tagHead(query.serviceName(), tag.getKey(), tag.getValue());
            }
        }
        if (query.operationName() != null) {
            return IndexKeys.operationHead(query.serviceName(), query.operationName());
        }
        return IndexKeys.serviceHead(query.serviceName());
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

    /** The entry's value is the span's duration; an unreadable value leaves the check to the span itself. */
    private boolean durationMayMatch(long durationMicros) {
        return durationMicros < 0
                || (durationMicros >= query.durationMinMicros() && durationMicros <= query.durationMaxMicros());
    }

    private boolean matches(Cursor cursor, byte[] entry) {
        byte[] spanKey = IndexKeys.spanKey(entry);
        byte[] value;
        try {
            value = db.get(cursor.partition.handle(), read, spanKey);
        } catch (RocksDBException e) {
            throw new StorageException("reading a span of partition " + cursor.partition + " failed: "
                    + e.getMessage(), e);
        }
        if (value == null) {
            return false;
        }
        Span span = SpanCodec.decode(spanKey, value);
        return SpanMatcher.matches(query, span);
    }

    /** One partition's entries of the driving head, newest first, within the window. */
    private final class Cursor {
        final Partition partition;
        final RocksIterator iterator;
        final byte[] head;
        byte[] key;
        long startEpochMicros;
        long durationMicros;

        Cursor(Partition partition, RocksIterator iterator, byte[] head) {
            this.partition = partition;
            this.iterator = iterator;
            this.head = head;
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
            if (!IndexKeys.isEntryOf(candidate, head)) {
                return false;
            }
            long start = IndexKeys.startEpochMicros(candidate);
            if (start < query.startMinEpochMicros()) {
                return false;
            }
            key = candidate;
            startEpochMicros = start;
            durationMicros = IndexKeys.durationMicros(iterator.value());
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

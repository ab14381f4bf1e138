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
 * One trace search over the {@link IndexKeys} entries. One condition drives it: the first query
 * tag short enough to be indexed, else the operation, else the service (see
 * {@link #drivingHeads}). Its entries are read newest first, merged across the partitions that
 * overlap the time window (and, for a tag, across the span entries and the sources that have the
 * tag); each entry names one span,
 * which is read and checked against the whole query with {@link SpanMatcher}, so results are
 * exact whatever drove the search. The first matching span of a trace met this way is its newest
 * matching one, so traces come out in the required order and the walk stops at
 * {@code maxTraces}. Memory is bounded by {@code maxTraces} plus one iterator per partition;
 * time is bounded by the driving index's entries in the window (spans of traces already found
 * are skipped without being read).
 */
final class TraceSearch {
    static final int MAX_SOURCES_PER_TAG = 1_024;

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
        PriorityQueue<Cursor> newestFirst = new PriorityQueue<>(
                (a, b) -> Long.compare(b.startEpochMicros, a.startEpochMicros));
        List<Cursor> opened = new ArrayList<>();
        try {
            for (Partition partition : partitions) {
                if (!overlapsWindow(partition)) {
                    continue;
                }
                for (byte[] head : drivingHeads(partition)) {
                    Cursor cursor = new Cursor(partition, db.newIterator(partition.handle(), read), head);
                    opened.add(cursor);
                    if (cursor.seek(IndexKeys.seekKey(head, query.startMaxEpochMicros()))) {
                        newestFirst.add(cursor);
                    }
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

    /**
     * The entries to walk in one partition: for the first query tag short enough to be indexed
     * (see {@link IndexKeys#MAX_INDEXED_TAG_CHARS}), its span entries and the entries of every
     * source (resource and scope) that has it; else the operation's entries; else the service's.
     * More than {@link #MAX_SOURCES_PER_TAG} sources with the tag in one partition: the operation
     * or service entries drive there instead, so the number of open iterators stays bounded.
     */
    private List<byte[]> drivingHeads(Partition partition) {
        String service = query.serviceName();
        byte[] fallback = query.operationName() != null ? IndexKeys.operationHead(service, query.operationName())
                : IndexKeys.serviceHead(service);
        for (Map.Entry<String, String> tag : query.tags().entrySet()) {
            if (!IndexKeys.indexable(tag.getKey(), tag.getValue())) {
                continue;
            }
            List<byte[]> heads = new ArrayList<>();
            heads.add(IndexKeys.tagHead(service, tag.getKey(), tag.getValue()));
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
                    heads.add(IndexKeys.sourceHead(service, source));
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

package io.sightline.storage.rocksdb;

import io.sightline.core.model.HexIds;
import io.sightline.core.model.TraceId;
import java.util.Arrays;

/**
 * The search index entries, stored in the same partition as the spans they point to, so that
 * dropping a partition drops its index with it. They sit behind the all-zero trace ID, which no
 * span may have (receivers refuse it), so that the 16-byte prefix extractor of a partition groups
 * them too and {@link SpanKeys} ranges never see them:
 *
 * <pre>
 * entry   = zero(16) ‖ head ‖ ~startEpochMicros(8) ‖ traceId(16) ‖ spanId(8)   value = durationMicros(8)
 * head    = 's' service                       one per span: its service
 *         | 'o' service operation             one per span: its service and name
 *         | 't' service tagKey tagValue       one per pair of the span itself ({@code SearchableTags.forEachOfSpanItself})
 *         | 'r' service source(8)             one per span: the fingerprint of its resource and scope
 * source  = zero(16) ‖ 'd' service tagKey tagValue source(8)   value empty
 * strings = length:varint UTF-8 bytes (self-delimiting, so no head is a prefix of another)
 * </pre>
 * Resource attributes and scope are the same for every span of a process, so they are not
 * indexed span by span: each span has one {@code 'r'} entry naming its source (a 64-bit hash of
 * its service, resource attributes and scope), and each partition has {@code 'd'} entries, written
 * once per source and batch, from each (key, value) of a source to the source. A search for a tag
 * reads the {@code 't'} entries and the {@code 'r'} entries of every source that has the tag. Two
 * sources with the same hash only cost extra candidates: every candidate is checked against the
 * stored span.
 * The start is stored inverted (sign bit flipped, then every bit), so that within one head the
 * newest span comes first. The tail is the span's own key in its partition, reordered, so a
 * candidate is verified with one point read.
 */
final class IndexKeys {
    static final int ZERO_PREFIX_BYTES = SpanKeys.TRACE_PREFIX_BYTES;
    /** Start, trace ID, span ID: what follows the head of every entry. */
    static final int TAIL_BYTES = 8 + 16 + 8;
    /**
     * Tag pairs whose key or value is longer than this (in UTF-16 chars) are not indexed, so that
     * one huge attribute (an SQL statement, a stack trace) cannot bloat the index. Searching for
     * such a tag still works: another condition of the query drives the search and every
     * candidate is checked against the stored span.
     */
    static final int MAX_INDEXED_TAG_CHARS = 256;

    private static final byte SERVICE = 's';
    private static final byte OPERATION = 'o';
    private static final byte TAG = 't';
    private static final byte SOURCE = 'r';
    private static final byte SOURCE_TAG = 'd';

    private IndexKeys() {}

    static boolean indexable(String tagKey, String tagValue) {
        return tagKey.length() <= MAX_INDEXED_TAG_CHARS && tagValue.length() <= MAX_INDEXED_TAG_CHARS;
    }

    static byte[] serviceHead(String service) {
        ByteSink out = head(SERVICE, service);
        return out.toByteArray();
    }

    static byte[] operationHead(String service, String operation) {
        ByteSink out = head(OPERATION, service);
        out.writeString(operation);
        return out.toByteArray();
    }

    static byte[] tagHead(String service, String tagKey, String tagValue) {
        ByteSink out = head(TAG, service);
        out.writeString(tagKey);
        out.writeString(tagValue);
        return out.toByteArray();
    }

    static byte[] sourceHead(String service, long source) {
        ByteSink out = head(SOURCE, service);
        out.writeFixed64(source);
        return out.toByteArray();
    }

    /** The prefix of the {@code 'd'} keys that list the sources having a tag. */
    static byte[] sourceTagPrefix(String service, String tagKey, String tagValue) {
        ByteSink out = head(SOURCE_TAG, service);
        out.writeString(tagKey);
        out.writeString(tagValue);
        return out.toByteArray();
    }

    static byte[] sourceTagKey(byte[] sourceTagPrefix, long source) {
        byte[] key = Arrays.copyOf(sourceTagPrefix, sourceTagPrefix.length + 8);
        HexIds.writeLong(key, sourceTagPrefix.length, source);
        return key;
    }

    /** The source a {@code 'd'} key names, or null when {@code key} is not one of {@code prefix}. */
    static Long sourceOf(byte[] key, byte[] sourceTagPrefix) {
        if (key.length != sourceTagPrefix.length + 8 || !SpanKeys.hasPrefix(key, sourceTagPrefix)) {
            return null;
        }
        return HexIds.readLong(key, sourceTagPrefix.length);
    }

    private static ByteSink head(byte kind, String service) {
        ByteSink out = new ByteSink(64);
        for (int i = 0; i < ZERO_PREFIX_BYTES; i++) {
            out.writeByte(0);
        }
        out.writeByte(kind);
        out.writeString(service);
        return out;
    }

    static byte[] entry(byte[] head, long startEpochMicros, TraceId traceId, long spanId) {
        byte[] key = new byte[head.length + TAIL_BYTES];
        System.arraycopy(head, 0, key, 0, head.length);
        HexIds.writeLong(key, head.length, invert(startEpochMicros));
        HexIds.writeLong(key, head.length + 8, traceId.high());
        HexIds.writeLong(key, head.length + 16, traceId.low());
        HexIds.writeLong(key, head.length + 24, spanId);
        return key;
    }

    /** Where to start reading {@code head} for spans that started at or before {@code startMaxEpochMicros}. */
    static byte[] seekKey(byte[] head, long startMaxEpochMicros) {
        byte[] key = new byte[head.length + 8];
        System.arraycopy(head, 0, key, 0, head.length);
        HexIds.writeLong(key, head.length, invert(startMaxEpochMicros));
        return key;
    }

    /** True when {@code key} is an entry of {@code head}: its prefix, plus exactly the tail. */
    static boolean isEntryOf(byte[] key, byte[] head) {
        return key.length == head.length + TAIL_BYTES && SpanKeys.hasPrefix(key, head);
    }

    static long startEpochMicros(byte[] entry) {
        return invert(HexIds.readLong(entry, entry.length - TAIL_BYTES));
    }

    static TraceId traceId(byte[] entry) {
        int at = entry.length - TAIL_BYTES + 8;
        return TraceId.of(HexIds.readLong(entry, at), HexIds.readLong(entry, at + 8));
    }

    /** The key of the span an entry points to, in the same partition. */
    static byte[] spanKey(byte[] entry) {
        int tail = entry.length - TAIL_BYTES;
        byte[] key = new byte[SpanKeys.KEY_BYTES];
        System.arraycopy(entry, tail + 8, key, 0, 16);
        HexIds.writeLong(key, 16, startEpochMicros(entry));
        System.arraycopy(entry, tail + 24, key, 24, 8);
        return key;
    }

    static byte[] durationValue(long durationMicros) {
        byte[] value = new byte[8];
        HexIds.writeLong(value, 0, durationMicros);
        return value;
    }

    static long durationMicros(byte[] value) {
        return value.length == 8 ? HexIds.readLong(value, 0) : -1;
    }

    /** Flips the sign bit (so that unsigned byte order is signed order), then every bit (newest first). */
    private static long invert(long value) {
        return ~(value ^ Long.MIN_VALUE);
    }
}

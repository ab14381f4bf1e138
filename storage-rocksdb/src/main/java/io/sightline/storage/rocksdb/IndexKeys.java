package io.sightline.storage.rocksdb;

import io.sightline.core.model.HexIds;
import io.sightline.core.model.TraceId;
import java.util.Arrays;
import java.util.List;

/**
 * The search index entries, stored in the same partition as the spans they point to, so that
 * dropping a partition drops its index with it. They sit behind the all-zero trace ID, which no
 * span may have (receivers refuse it), so that the 16-byte prefix extractor of a partition groups
 * them too and {@link SpanKeys} ranges never see them:
 *
 * <pre>
 * traces  = zero(16) ‖ 'b' ‖ batch(8)                       value = count:varint ‖ traceId(16)…
 * posting = zero(16) ‖ head ‖ ~slot(8) ‖ batch(8)    value = {@link Postings}
 * head    = 's' service                       the trace has spans of the service
 *         | 'o' service operation             … of the service and operation
 *         | 'k' service tagKey                … with the key on the span itself ({@code SearchableTags.forEachOfSpanItself});
 *                                               the value is a {@link TagColumns} posting: items per tag value
 *         | 'r' service source(8)             … whose resource and scope have this fingerprint
 * source  = zero(16) ‖ 'd' service tagKey tagValue source(8)   value empty
 * strings = length:varint UTF-8 bytes (self-delimiting, so no head is a prefix of another)
 * </pre>
 * One write batch ({@code batch}, a number no other batch of the store had, counted up) writes,
 * per partition, one {@code 'b'} entry listing the traces its spans belong to, and one posting
 * per head and time slot ({@link Postings#slot}) its spans have, naming those traces by their
 * position in that list (a varint, not 16 random bytes) with the newest start of the trace's
 * spans under the head and their duration range. Index cost is so per trace and head, not per
 * span: the spans of a trace that share a service, an operation or a tag share one item. The
 * key holds the slot, not a start, and batches are counted, not timed, so that keys next to
 * each other share most of their bytes and compress to little.
 * Resource attributes and scope are the same for every span of a process, so they are not
 * indexed trace by trace: each trace has one {@code 'r'} item per source it has (a 64-bit hash
 * of its service, resource attributes and scope), and each partition has {@code 'd'} entries,
 * written once per source and batch, from each (key, value) of a source to the source. A search
 * for a tag reads the {@code 'k'} postings of its key and the {@code 'r'} postings of every source that has
 * the tag. Two sources with the same hash only cost extra candidates: every candidate is checked
 * against the stored trace.
 * The slot is stored inverted (sign bit flipped, then every bit), so that within one head the
 * newest slot comes first.
 */
final class IndexKeys {
    static final int ZERO_PREFIX_BYTES = SpanKeys.TRACE_PREFIX_BYTES;
    /** Slot, batch: what follows the head of every posting. */
    static final int TAIL_BYTES = 8 + 8;
    /**
     * Tag pairs whose key or value is longer than this (in UTF-16 chars) are not indexed, so that
     * one huge attribute (an SQL statement, a stack trace) cannot bloat the index. Searching for
     * such a tag still works: another condition of the query drives the search and every
     * candidate is checked against the stored span.
     */
    static final int MAX_INDEXED_TAG_CHARS = 256;

    private static final byte SERVICE = 's';
    private static final byte OPERATION = 'o';
    private static final byte TAG_COLUMN = 'k';
    private static final byte SOURCE = 'r';
    private static final byte SOURCE_TAG = 'd';
    private static final byte TRACES = 'b';

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

    static byte[] tagColumnHead(String service, String tagKey) {
        ByteSink out = head(TAG_COLUMN, service);
        out.writeString(tagKey);
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

    /** The {@code 'b'} entry of a batch in a partition: the traces its postings number. */
    static byte[] tracesKey(long batch) {
        byte[] key = new byte[ZERO_PREFIX_BYTES + 1 + 8];
        key[ZERO_PREFIX_BYTES] = TRACES;
        HexIds.writeLong(key, ZERO_PREFIX_BYTES + 1, batch);
        return key;
    }

    static byte[] tracesValue(List<TraceId> traces) {
        ByteSink out = new ByteSink(2 + traces.size() * 16);
        out.writeVarLong(traces.size());
        for (TraceId trace : traces) {
            out.writeFixed64(trace.high());
            out.writeFixed64(trace.low());
        }
        return out.toByteArray();
    }

    /** @throws ByteSource.CorruptValueException when the value does not parse */
    static TraceId[] readTraces(byte[] value) {
        ByteSource in = new ByteSource(value);
        int count = in.readCount();
        TraceId[] traces = new TraceId[count];
        for (int i = 0; i < count; i++) {
            traces[i] = TraceId.of(in.readFixed64(), in.readFixed64());
        }
        if (!in.exhausted()) {
            throw new ByteSource.CorruptValueException(in.remaining() + " bytes after " + count + " trace IDs");
        }
        return traces;
    }

    static byte[] posting(byte[] head, long slot, long batch) {
        byte[] key = new byte[head.length + TAIL_BYTES];
        System.arraycopy(head, 0, key, 0, head.length);
        HexIds.writeLong(key, head.length, invert(slot));
        HexIds.writeLong(key, head.length + 8, batch);
        return key;
    }

    /** Where to start reading {@code head} for postings of {@code slot} and older. */
    static byte[] seekKey(byte[] head, long slot) {
        byte[] key = new byte[head.length + 8];
        System.arraycopy(head, 0, key, 0, head.length);
        HexIds.writeLong(key, head.length, invert(slot));
        return key;
    }

    /** True when {@code key} is a posting of {@code head}: its prefix, plus exactly the tail. */
    static boolean isPostingOf(byte[] key, byte[] head) {
        return key.length == head.length + TAIL_BYTES && SpanKeys.hasPrefix(key, head);
    }

    static long slot(byte[] posting) {
        return invert(HexIds.readLong(posting, posting.length - TAIL_BYTES));
    }

    static long batch(byte[] posting) {
        return HexIds.readLong(posting, posting.length - 8);
    }

    /** Flips the sign bit (so that unsigned byte order is signed order), then every bit (newest first). */
    private static long invert(long value) {
        return ~(value ^ Long.MIN_VALUE);
    }
}

package io.sightline.storage.rocksdb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The value of an {@link IndexKeys} posting: the traces of one batch that have the posting's
 * head, each with when its spans under that head started and how long they took.
 *
 * <pre>
 * value = count:varint ‖ item…      items in ascending trace position
 * item  = positionDelta:varint ‖ ageMillis:varint ‖ shortestBucket(1) ‖ longestBucket(1)
 * </pre>
 * {@code ageMillis} is how long before the posting's newest start the item's newest span
 * started, in whole milliseconds rounded down, so the start read back is never earlier than the
 * true one: a search may meet an item a little early, checks the trace, and puts it back at its
 * true start (see {@link TraceSearch}). Durations are kept as power-of-two buckets, enough to
 * skip traces a duration filter rules out; the check against the stored spans decides. Every
 * span a posting stands for started in one {@link #SLOT_MICROS} slot of time (a batch's spans
 * of other slots go into other postings), so a search for spans started by some time finds
 * every posting that may hold one by seeking one slot later, and knows from a posting's newest
 * start that none of its spans started before that slot.
 */
final class Postings {
    static final long SLOT_MICROS = 60_000_000L;

    private Postings() {}

    /** What one batch knows of one trace under one head, while the batch is indexed. */
    static final class Accumulator {
        final int position;
        long newestStartEpochMicros = Long.MIN_VALUE;
        long shortestMicros = Long.MAX_VALUE;
        long longestMicros = Long.MIN_VALUE;

        Accumulator(int position) {
            this.position = position;
        }

        void add(long startEpochMicros, long durationMicros) {
            newestStartEpochMicros = Math.max(newestStartEpochMicros, startEpochMicros);
            shortestMicros = Math.min(shortestMicros, durationMicros);
            longestMicros = Math.max(longestMicros, durationMicros);
        }
    }

    /** One posting to write: its newest start and its encoded value. */
    record Encoded(long newestStartEpochMicros, byte[] value) {}

    /** The slot of a start: a posting holds the spans of one slot, so none started before the slot's start. */
    static long slot(long startEpochMicros) {
        return Math.floorDiv(startEpochMicros, SLOT_MICROS);
    }

    static long slotStartEpochMicros(long newestStartEpochMicros) {
        long slot = slot(newestStartEpochMicros);
        return slot <= Long.MIN_VALUE / SLOT_MICROS ? Long.MIN_VALUE : slot * SLOT_MICROS;
    }

    /** Encodes one head's items of one slot of a batch. */
    static Encoded encode(List<Accumulator> items) {
        List<Accumulator> group = new ArrayList<>(items);
        group.sort(Comparator.comparingInt(a -> a.position));
        long newest = Long.MIN_VALUE;
        for (Accumulator item : group) {
            newest = Math.max(newest, item.newestStartEpochMicros);
        }
        return new Encoded(newest, encodeGroup(newest, group));
    }

    private static byte[] encodeGroup(long newestStartEpochMicros, List<Accumulator> group) {
        ByteSink out = new ByteSink(2 + group.size() * 5);
        out.writeVarLong(group.size());
        int previous = 0;
        for (Accumulator item : group) {
            out.writeVarLong(item.position - previous);
            previous = item.position;
            out.writeVarLong((newestStartEpochMicros - item.newestStartEpochMicros) / 1_000);
            out.writeByte(bucket(item.shortestMicros));
            out.writeByte(bucket(item.longestMicros));
        }
        return out.toByteArray();
    }

    /** One item read back: bounds that hold the true values (start ≤ the upper bound, durations within theirs). */
    record Item(int position, long startUpperBoundEpochMicros, long shortestAtLeastMicros, long longestAtMostMicros) {}

    /** @throws ByteSource.CorruptValueException when the value does not parse */
    static List<Item> decode(long newestStartEpochMicros, byte[] value) {
        ByteSource in = new ByteSource(value);
        int count = in.readCount();
        List<Item> items = new ArrayList<>(count);
        long position = 0;
        for (int i = 0; i < count; i++) {
            position += in.readVarLong();
            long ageMillis = in.readVarLong();
            int shortest = in.readByte();
            int longest = in.readByte();
            if (position > Integer.MAX_VALUE || ageMillis < 0 || shortest > 64 || longest > 64) {
                throw new ByteSource.CorruptValueException("posting item " + i + " out of range");
            }
            items.add(new Item((int) position, newestStartEpochMicros - ageMillis * 1_000,
                    lowestOf(shortest), highestOf(longest)));
        }
        if (!in.exhausted()) {
            throw new ByteSource.CorruptValueException(in.remaining() + " bytes after " + count + " posting items");
        }
        return items;
    }

    /** 0 for durations ≤ 0, else the bit length: bucket b holds [2^(b-1), 2^b - 1]. */
    static int bucket(long durationMicros) {
        return durationMicros <= 0 ? 0 : 64 - Long.numberOfLeadingZeros(durationMicros);
    }

    static long lowestOf(int bucket) {
        return bucket == 0 ? Long.MIN_VALUE : 1L << (bucket - 1);
    }

    static long highestOf(int bucket) {
        return bucket == 0 ? 0 : bucket >= 63 ? Long.MAX_VALUE : (1L << bucket) - 1;
    }
}

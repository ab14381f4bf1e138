package io.sightline.storage.rocksdb;

import java.util.ArrayList;
import java.util.Collection;
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
 * Every span a posting stands for started in its {@link #SLOT_MICROS} slot of time (a batch's
 * spans of other slots go into other postings). {@code ageMillis} is how long before the end
 * of the slot the item's newest span started, in whole milliseconds rounded down, so the start
 * read back is never earlier than the true one: a search may meet an item a little early,
 * checks the trace, and puts it back at its true start (see {@link TraceSearch}). Durations are
 * kept as power-of-two buckets, enough to skip traces a duration filter rules out; the check
 * against the stored spans decides.
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

    /** The slot of a start: a posting holds the spans of one slot. */
    static long slot(long startEpochMicros) {
        return Math.floorDiv(startEpochMicros, SLOT_MICROS);
    }

    /** The first microsecond of a slot, saturated at the ends of time. */
    static long slotStartEpochMicros(long slot) {
        if (slot <= Long.MIN_VALUE / SLOT_MICROS) {
            return Long.MIN_VALUE;
        }
        return slot >= Long.MAX_VALUE / SLOT_MICROS ? Long.MAX_VALUE : slot * SLOT_MICROS;
    }

    /** The last microsecond of a slot, saturated at the ends of time. */
    static long slotEndEpochMicros(long slot) {
        long start = slotStartEpochMicros(slot);
        return start > Long.MAX_VALUE - SLOT_MICROS ? Long.MAX_VALUE : start + SLOT_MICROS - 1;
    }

    /** Encodes one head's items of one slot of a batch. */
    static byte[] encode(long slot, Collection<Accumulator> items) {
        ByteSink out = new ByteSink(2 + items.size() * 5);
        write(out, slot, items);
        return out.toByteArray();
    }

    /** Writes {@code items} (in any order) as {@link #encode} does, at the end of {@code out}. */
    static void write(ByteSink out, long slot, Collection<Accumulator> items) {
        Collection<Accumulator> group = items;
        if (!ascending(items)) {
            List<Accumulator> sorted = new ArrayList<>(items);
            sorted.sort(Comparator.comparingInt(a -> a.position));
            group = sorted;
        }
        long slotEnd = slotEndEpochMicros(slot);
        out.writeVarLong(group.size());
        int previous = 0;
        for (Accumulator item : group) {
            writeItem(out, slotEnd, item, previous);
            previous = item.position;
        }
    }

    /** Encodes one accumulator alone, as {@link #writeOne} writes it. */
    static byte[] encodeOne(long slot, Accumulator item) {
        ByteSink out = new ByteSink(8);
        writeOne(out, slot, item);
        return out.toByteArray();
    }

    /** Writes the items of one accumulator alone: a head or value met in one trace of the batch. */
    static void writeOne(ByteSink out, long slot, Accumulator item) {
        out.writeVarLong(1);
        writeItem(out, slotEndEpochMicros(slot), item, 0);
    }

    private static void writeItem(ByteSink out, long slotEnd, Accumulator item, int previousPosition) {
        out.writeVarLong(item.position - previousPosition);
        out.writeVarLong(Math.max(0, slotEnd - item.newestStartEpochMicros) / 1_000);
        out.writeByte(bucket(item.shortestMicros));
        out.writeByte(bucket(item.longestMicros));
    }

    /** Items mostly arrive in position order (a batch's spans come trace by trace): no sort then. */
    private static boolean ascending(Collection<Accumulator> items) {
        int previous = -1;
        for (Accumulator item : items) {
            if (item.position <= previous) {
                return false;
            }
            previous = item.position;
        }
        return true;
    }

    /** One item read back: bounds that hold the true values (start ≤ the upper bound, durations within theirs). */
    record Item(int position, long startUpperBoundEpochMicros, long shortestAtLeastMicros, long longestAtMostMicros) {}

    /** @throws ByteSource.CorruptValueException when the value does not parse */
    static List<Item> decode(long slot, byte[] value) {
        ByteSource in = new ByteSource(value);
        List<Item> items = read(in, slot);
        if (!in.exhausted()) {
            throw new ByteSource.CorruptValueException(in.remaining() + " bytes after " + items.size() + " posting items");
        }
        return items;
    }

    /** Reads what {@link #write} wrote, from where {@code in} is. */
    static List<Item> read(ByteSource in, long slot) {
        long slotEnd = slotEndEpochMicros(slot);
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
            items.add(new Item((int) position, slotEnd - ageMillis * 1_000,
                    lowestOf(shortest), highestOf(longest)));
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

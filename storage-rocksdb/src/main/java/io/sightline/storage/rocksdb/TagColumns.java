package io.sightline.storage.rocksdb;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The value of a tag-column posting ({@link IndexKeys#tagColumnHead}): for one service, tag key,
 * slot and batch, every value the tag had and, per value, the {@link Postings} items of the
 * traces that had it.
 *
 * <pre>
 * value  = valueCount:varint ‖ (tagValue:str ‖ itemsLength:varint ‖ items)…
 * items  = {@link Postings#write} (count ‖ item…)
 * </pre>
 * One entry per key rather than one per (key, value): most tag values are a trace's own
 * (an ID, a URL, a timing), and a store entry per value cost more than the span it indexed. A
 * search for one value reads the key's postings and skips the other values by their length,
 * so it reads every value of that key and service in its time window, not only its own.
 */
final class TagColumns {
    private TagColumns() {}

    /** @param byValue the items of each value, in any order */
    static byte[] encode(long slot, Map<String, List<Postings.Accumulator>> byValue) {
        Writer writer = new Writer(slot, byValue.size());
        byValue.forEach(writer::add);
        return writer.finish();
    }

    /** Builds one column posting value by value. */
    static final class Writer {
        private final long slot;
        private final ByteSink values;
        private final ByteSink items = new ByteSink(32);
        private int count;

        Writer(long slot, int expectedValues) {
            this.slot = slot;
            this.values = new ByteSink(16 + expectedValues * 24);
        }

        /** @param items the value's items, in any order */
        void add(String value, Collection<Postings.Accumulator> items) {
            values.writeString(value);
            this.items.reset();
            Postings.write(this.items, slot, items);
            values.writeBytes(this.items);
            count++;
        }

        /** A value met in one trace of the batch only, as most are: its one item. */
        void add(String value, Postings.Accumulator item) {
            values.writeString(value);
            this.items.reset();
            Postings.writeOne(this.items, slot, item);
            values.writeBytes(this.items);
            count++;
        }

        byte[] finish() {
            ByteSink out = new ByteSink(values.size() + 5);
            out.writeVarLong(count);
            out.writeRaw(values);
            return out.toByteArray();
        }
    }

    /**
     * The items of {@code wantedUtf8} in a column posting, none when the value is not there.
     *
     * @throws ByteSource.CorruptValueException when the value does not parse
     */
    static List<Postings.Item> itemsOf(long slot, byte[] value, byte[] wantedUtf8) {
        ByteSource in = new ByteSource(value);
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
            boolean wanted = in.readStringEquals(wantedUtf8);
            int length = in.readCount();
            if (wanted) {
                int before = in.remaining();
                List<Postings.Item> items = Postings.read(in, slot);
                if (before - in.remaining() != length) {
                    throw new ByteSource.CorruptValueException("items of value " + i + " are not " + length + " bytes long");
                }
                return items;
            }
            in.skip(length);
        }
        if (!in.exhausted()) {
            throw new ByteSource.CorruptValueException(in.remaining() + " bytes after " + count + " tag values");
        }
        return List.of();
    }
}

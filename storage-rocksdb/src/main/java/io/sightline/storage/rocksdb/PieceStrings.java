package io.sightline.storage.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The strings the spans of one trace piece repeat (attribute keys, span and event names, short
 * values such as {@code GET} or {@code 200}), written once in the piece's header and referred to
 * by number in its spans. Spans of one trace and batch repeat most of their keys and names, and
 * every stored byte is written to the log, flushed and compacted again and again: these
 * references halve a piece's raw bytes.
 *
 * <pre>
 * table  = count:varint ‖ str…
 * string = (index &lt;&lt; 1 | 1):varint                  a string of the table
 *        | (length &lt;&lt; 1):varint ‖ UTF-8 bytes        a string written in place
 * </pre>
 * Not thread-safe; one instance per piece.
 */
final class PieceStrings {
    /** Values longer than this (in chars) are written in place: they seldom repeat. */
    static final int MAX_SHARED_VALUE_CHARS = 32;
    /** Bounds a piece's table; strings past it are written in place. */
    static final int MAX_TABLE_SIZE = 4_096;

    private final boolean sharing;
    private final Map<String, Integer> indexes = new HashMap<>();
    private final ByteSink table = new ByteSink(256);

    private PieceStrings(boolean sharing) {
        this.sharing = sharing;
    }

    /** A table for one piece. */
    static PieceStrings forPiece() {
        return new PieceStrings(true);
    }

    /** Writes every string in place, for values stored without a table (sources); read with an empty table. */
    static PieceStrings inPlace() {
        return new PieceStrings(false);
    }

    /** Writes a key or a name: shared whenever the table has room. */
    void writeName(ByteSink out, String value) {
        write(out, value, sharing);
    }

    /** Writes an attribute value: shared when short. */
    void writeValue(ByteSink out, String value) {
        write(out, value, sharing && value.length() <= MAX_SHARED_VALUE_CHARS);
    }

    private void write(ByteSink out, String value, boolean share) {
        if (share) {
            Integer index = indexes.get(value);
            if (index == null && indexes.size() < MAX_TABLE_SIZE) {
                index = indexes.size();
                indexes.put(value, index);
                table.writeString(value);
            }
            if (index != null) {
                out.writeVarLong(((long) index << 1) | 1);
                return;
            }
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeVarLong((long) bytes.length << 1);
        out.writeRaw(bytes);
    }

    /** Writes the table: call after every span of the piece was written. */
    void writeTable(ByteSink out) {
        out.writeVarLong(indexes.size());
        out.writeRaw(table);
    }

    static final String[] EMPTY_TABLE = new String[0];

    /** @throws ByteSource.CorruptValueException when the table does not parse */
    static String[] readTable(ByteSource in) {
        int count = in.readCount();
        String[] table = new String[count];
        for (int i = 0; i < count; i++) {
            table[i] = in.readString();
        }
        return table;
    }

    /** @throws ByteSource.CorruptValueException when the string does not parse or names no string of the table */
    static String read(ByteSource in, String[] table) {
        long tagged = in.readVarLong();
        if ((tagged & 1) != 0) {
            long index = tagged >>> 1;
            if (index >= table.length) {
                throw new ByteSource.CorruptValueException("string " + index + " of a table of " + table.length);
            }
            return table[(int) index];
        }
        return in.readUtf8(tagged >>> 1);
    }
}

package io.sightline.storage.rocksdb;

import io.sightline.core.model.HexIds;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.StorageException;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of a trace piece ({@link SpanKeys}): the spans one write batch had of one trace in
 * one partition. One store entry per trace and batch rather than per span: the store's write
 * cost went mostly to entries, not bytes.
 *
 * <pre>
 * piece = version:u8 (1) ‖ strings ‖ count:varint ‖ (spanId:fixed64 ‖ startEpochMicros:fixed64 ‖ body:bytes)…
 * strings = the {@link PieceStrings} table its spans refer to
 * body  = {@link SpanCodec} (length-prefixed, so a reader can skip a span without decoding it)
 * </pre>
 * The same span (trace ID, span ID, start µs) written again lands in another piece; readers keep
 * the copy written last ({@link LatestCopies}).
 */
final class TracePieces {
    static final int FORMAT_VERSION = 1;
    /** Spans per piece at most: a trace's huge batch is split, so no value is unbounded. */
    static final int MAX_SPANS = 512;

    private TracePieces() {}

    /** @param sources each span's stored source, in the same order */
    static byte[] encode(List<Span> spans, List<StoredSources.Id> sources) {
        PieceStrings strings = PieceStrings.forPiece();
        ByteSink spansOut = new ByteSink(64 + spans.size() * 160);
        ByteSink body = new ByteSink(256);
        spansOut.writeVarLong(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            spansOut.writeFixed64(span.spanId());
            spansOut.writeFixed64(span.startEpochMicros());
            body.reset();
            SpanCodec.encode(body, span, sources.get(i), strings);
            spansOut.writeBytes(body);
        }
        ByteSink out = new ByteSink(spansOut.size() + 512);
        out.writeByte(FORMAT_VERSION);
        strings.writeTable(out);
        out.writeRaw(spansOut);
        return out.toByteArray();
    }

    /** One span of a piece, not decoded yet: its body is {@code value[from, to)}. */
    record Entry(long spanId, long startEpochMicros, byte[] value, int from, int to, String[] strings) {}

    /**
     * The spans of a piece, in the order written.
     *
     * @throws StorageException when the piece does not parse
     */
    static List<Entry> entries(byte[] key, byte[] value) {
        try {
            ByteSource in = new ByteSource(value);
            int version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new StorageException("stored trace piece has format version " + version
                        + " but this build reads version " + FORMAT_VERSION);
            }
            String[] strings = PieceStrings.readTable(in);
            int count = in.readCount();
            List<Entry> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long spanId = in.readFixed64();
                long startMicros = in.readFixed64();
                int length = in.readCount();
                int from = in.position();
                in.skip(length);
                out.add(new Entry(spanId, startMicros, value, from, from + length, strings));
            }
            if (!in.exhausted()) {
                throw new ByteSource.CorruptValueException(in.remaining() + " bytes after " + count + " spans");
            }
            return out;
        } catch (ByteSource.CorruptValueException e) {
            throw new StorageException("corrupt stored piece of trace " + SpanKeys.traceId(key) + " (batch "
                    + SpanKeys.batch(key) + "): " + e.getMessage(), e);
        }
    }

    /** @throws StorageException when the body is corrupt or its source is not stored */
    static Span decode(TraceId traceId, Entry entry, SpanCodec.SourceLookup sources) {
        try {
            return SpanCodec.decode(traceId, entry.spanId(), entry.startEpochMicros(),
                    new ByteSource(entry.value(), entry.from(), entry.to()), entry.strings(), sources);
        } catch (StorageException e) {
            throw new StorageException("span " + HexIds.toHex16(entry.spanId()) + " of trace " + traceId + ": "
                    + e.getMessage(), e);
        }
    }
}

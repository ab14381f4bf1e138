package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.StorageException;
import io.sightline.storage.testkit.TestSpans;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracePiecesTest {
    private static final TraceId TRACE = TraceId.of(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L);

    /** The sources of {@code spans}, as a partition holding them would answer. */
    private static final class Sources implements SpanCodec.SourceLookup {
        final Map<StoredSources.Id, StoredSources.Source> byId = new HashMap<>();

        List<StoredSources.Id> of(List<Span> spans) {
            List<StoredSources.Id> ids = new ArrayList<>();
            for (Span span : spans) {
                StoredSources.Encoded encoded = StoredSources.Encoded.of(span.resource(), span.scope());
                byId.put(encoded.id(), SpanCodec.decodeSource(encoded.value()));
                ids.add(encoded.id());
            }
            return ids;
        }

        Sources byIdOf(List<Span> spans) {
            of(spans);
            return this;
        }

        @Override
        public StoredSources.Source get(StoredSources.Id id) {
            StoredSources.Source source = byId.get(id);
            if (source == null) {
                throw new StorageException("no source " + id);
            }
            return source;
        }
    }

    @Test
    void piece_roundTripsItsSpansInOrder() {
        List<Span> spans = List.of(TestSpans.everyField(TRACE, 7, 3, 0),
                TestSpans.span(TRACE, 3).resource(TestSpans.MYSQL).startEpochNanos(TestSpans.at(-5_500)).build(),
                TestSpans.span(TRACE, 9).build());
        Sources sources = new Sources();
        byte[] key = SpanKeys.key(TRACE, 42, 0);
        LatestCopies copies = new LatestCopies(TRACE);
        copies.add(key, TracePieces.encode(spans, sources.of(spans)));
        assertThat(copies.decodeAll(sources)).containsExactlyElementsOf(spans);
        assertThat(copies.entries()).extracting(TracePieces.Entry::startEpochMicros)
                .containsExactly(spans.get(0).startEpochMicros(), spans.get(1).startEpochMicros(),
                        spans.get(2).startEpochMicros());
    }

    @Test
    void latestCopies_keepTheCopyWrittenLastOfEachSpanAndMicrosecond() {
        Span first = TestSpans.span(TRACE, 5).startEpochNanos(TestSpans.at(1_000)).name("first").build();
        Span rewritten = TestSpans.span(TRACE, 5).startEpochNanos(TestSpans.at(1_999)).name("rewritten").build();
        Span otherStart = TestSpans.span(TRACE, 5).startEpochNanos(TestSpans.at(9_000)).name("other").build();
        Sources sources = new Sources();
        LatestCopies copies = new LatestCopies(TRACE);
        copies.add(SpanKeys.key(TRACE, 1, 0), TracePieces.encode(List.of(first, otherStart),
                sources.of(List.of(first, otherStart))));
        copies.add(SpanKeys.key(TRACE, 2, 0), TracePieces.encode(List.of(rewritten), sources.of(List.of(rewritten))));
        assertThat(copies.decodeAll(sources)).containsExactlyInAnyOrder(rewritten, otherStart);
    }

    @Test
    void entries_everyTruncationIsACorruptionErrorNamingTheTraceAndBatch() {
        List<Span> spans = List.of(TestSpans.everyField(TRACE, 7, 3, 0), TestSpans.span(TRACE, 3).build());
        byte[] value = TracePieces.encode(spans, new Sources().of(spans));
        byte[] key = SpanKeys.key(TRACE, 42, 0);
        for (int length = 0; length < value.length; length++) {
            byte[] truncated = Arrays.copyOf(value, length);
            assertThatThrownBy(() -> {
                for (TracePieces.Entry entry : TracePieces.entries(key, truncated)) {
                    TracePieces.decode(TRACE, entry, new Sources().byIdOf(spans));
                }
            }).as("length %d", length).isInstanceOf(StorageException.class).hasMessageContaining(TRACE.toString());
        }
        byte[] trailing = Arrays.copyOf(value, value.length + 1);
        assertThatThrownBy(() -> TracePieces.entries(key, trailing))
                .isInstanceOf(StorageException.class).hasMessageContaining("batch 42");
        byte[] unknown = value.clone();
        unknown[0] = 9;
        assertThatThrownBy(() -> TracePieces.entries(key, unknown))
                .isInstanceOf(StorageException.class).hasMessageContaining("format version 9");
    }
}

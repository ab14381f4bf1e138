package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.storage.testkit.TestSpans;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexKeysTest {
    private static final TraceId TRACE = TraceId.of(0xabc, -1L);

    @Test
    void entry_readsBackStartTraceAndTheSpanKeyOfItsSpan() {
        Span span = TestSpans.span(TRACE, 0x1234).build();
        byte[] entry = IndexKeys.entry(IndexKeys.serviceHead("frontend"), span.startEpochMicros(), TRACE, 0x1234);
        assertThat(IndexKeys.startEpochMicros(entry)).isEqualTo(span.startEpochMicros());
        assertThat(IndexKeys.traceId(entry)).isEqualTo(TRACE);
        assertThat(IndexKeys.spanKey(entry)).isEqualTo(SpanKeys.key(span));
    }

    @Test
    void entries_ofOneHeadSortNewestFirstAcrossTheSignBoundary() {
        byte[] head = IndexKeys.operationHead("frontend", "GET");
        List<Long> starts = List.of(Long.MAX_VALUE, 1_795_867_200_000_000L, 1L, 0L, -1L, Long.MIN_VALUE);
        for (int i = 1; i < starts.size(); i++) {
            byte[] newer = IndexKeys.entry(head, starts.get(i - 1), TRACE, 1);
            byte[] older = IndexKeys.entry(head, starts.get(i), TRACE, 1);
            assertThat(Arrays.compareUnsigned(newer, older)).as("%d before %d", starts.get(i - 1), starts.get(i))
                    .isNegative();
            assertThat(IndexKeys.startEpochMicros(older)).isEqualTo(starts.get(i));
        }
        byte[] seek = IndexKeys.seekKey(head, 1L);
        assertThat(Arrays.compareUnsigned(seek, IndexKeys.entry(head, 1L, TraceId.of(0, 1), 0))).isNegative();
        assertThat(Arrays.compareUnsigned(seek, IndexKeys.entry(head, 2L, TRACE, 1))).isPositive();
    }

    @Test
    void isEntryOf_doesNotConfuseAServiceWithOneItPrefixes() {
        byte[] entryOfLonger = IndexKeys.entry(IndexKeys.serviceHead("ab"), 5, TRACE, 1);
        assertThat(IndexKeys.isEntryOf(entryOfLonger, IndexKeys.serviceHead("a"))).isFalse();
        assertThat(IndexKeys.isEntryOf(entryOfLonger, IndexKeys.serviceHead("ab"))).isTrue();
        byte[] tagEntry = IndexKeys.entry(IndexKeys.tagHead("a", "k", "vv"), 5, TRACE, 1);
        assertThat(IndexKeys.isEntryOf(tagEntry, IndexKeys.tagHead("a", "k", "v"))).isFalse();
        assertThat(IndexKeys.isEntryOf(tagEntry, IndexKeys.tagHead("a", "kv", "v"))).isFalse();
    }

    @Test
    void indexEntries_sortBeforeEverySpanKey() {
        byte[] entry = IndexKeys.entry(IndexKeys.tagHead("\uffff", "\uffff", "\uffff"), Long.MIN_VALUE, TRACE, -1);
        byte[] smallestSpan = SpanKeys.key(TestSpans.span(TraceId.of(0, 1), 0).startEpochNanos(Long.MIN_VALUE).build());
        assertThat(Arrays.compareUnsigned(entry, smallestSpan)).isNegative();
    }

    @Test
    void sourceTagKeys_nameTheirSourceAndOnlyUnderTheirOwnPrefix() {
        byte[] prefix = IndexKeys.sourceTagPrefix("frontend", "host.name", "web-1");
        assertThat(IndexKeys.sourceOf(IndexKeys.sourceTagKey(prefix, -42L), prefix)).isEqualTo(-42L);
        byte[] other = IndexKeys.sourceTagPrefix("frontend", "host.name", "web-10");
        assertThat(IndexKeys.sourceOf(IndexKeys.sourceTagKey(other, 7L), prefix)).isNull();
    }

    @Test
    void indexable_capsKeyAndValueLength() {
        String max = "x".repeat(IndexKeys.MAX_INDEXED_TAG_CHARS);
        assertThat(IndexKeys.indexable(max, max)).isTrue();
        assertThat(IndexKeys.indexable(max + "x", "v")).isFalse();
        assertThat(IndexKeys.indexable("k", max + "x")).isFalse();
    }
}

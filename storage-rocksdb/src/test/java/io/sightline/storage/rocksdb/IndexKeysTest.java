package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.TraceId;
import io.sightline.storage.testkit.TestSpans;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexKeysTest {
    private static final TraceId TRACE = TraceId.of(0xabc, -1L);

    @Test
    void posting_readsBackItsSlotAndBatch() {
        byte[] posting = IndexKeys.posting(IndexKeys.serviceHead("frontend"), 29_931_120L, -7L);
        assertThat(IndexKeys.slot(posting)).isEqualTo(29_931_120L);
        assertThat(IndexKeys.batch(posting)).isEqualTo(-7L);
    }

    @Test
    void traceLists_readBackInOrderAndRefuseTrailingBytes() {
        List<TraceId> traces = List.of(TRACE, TraceId.of(0, 1), TraceId.of(-1L, -1L));
        assertThat(IndexKeys.readTraces(IndexKeys.tracesValue(traces))).containsExactlyElementsOf(traces);
        byte[] longer = Arrays.copyOf(IndexKeys.tracesValue(traces), 16 * 3 + 2);
        assertThatThrownBy(() -> IndexKeys.readTraces(longer)).isInstanceOf(ByteSource.CorruptValueException.class);
    }

    @Test
    void postings_ofOneHeadSortNewestSlotFirstAcrossTheSignBoundary() {
        byte[] head = IndexKeys.operationHead("frontend", "GET");
        List<Long> starts = List.of(Long.MAX_VALUE, 1_795_867_200_000_000L, 1L, 0L, -1L, Long.MIN_VALUE);
        for (int i = 1; i < starts.size(); i++) {
            byte[] newer = IndexKeys.posting(head, starts.get(i - 1), 1);
            byte[] older = IndexKeys.posting(head, starts.get(i), 1);
            assertThat(Arrays.compareUnsigned(newer, older)).as("%d before %d", starts.get(i - 1), starts.get(i))
                    .isNegative();
            assertThat(IndexKeys.slot(older)).isEqualTo(starts.get(i));
        }
        byte[] seek = IndexKeys.seekKey(head, 1L);
        assertThat(Arrays.compareUnsigned(seek, IndexKeys.posting(head, 1L, Long.MIN_VALUE))).isNegative();
        assertThat(Arrays.compareUnsigned(seek, IndexKeys.posting(head, 2L, -1L))).isPositive();
    }

    @Test
    void isPostingOf_doesNotConfuseAServiceWithOneItPrefixes() {
        byte[] ofLonger = IndexKeys.posting(IndexKeys.serviceHead("ab"), 5, 1);
        assertThat(IndexKeys.isPostingOf(ofLonger, IndexKeys.serviceHead("a"))).isFalse();
        assertThat(IndexKeys.isPostingOf(ofLonger, IndexKeys.serviceHead("ab"))).isTrue();
        byte[] tagPosting = IndexKeys.posting(IndexKeys.tagColumnHead("a", "kk"), 5, 1);
        assertThat(IndexKeys.isPostingOf(tagPosting, IndexKeys.tagColumnHead("a", "k"))).isFalse();
        assertThat(IndexKeys.isPostingOf(tagPosting, IndexKeys.tagColumnHead("ak", "k"))).isFalse();
        assertThat(IndexKeys.isPostingOf(tagPosting, IndexKeys.tagColumnHead("a", "kk"))).isTrue();
    }

    @Test
    void indexEntries_sortBeforeEverySpanKey() {
        byte[] posting = IndexKeys.posting(IndexKeys.tagColumnHead("\uffff", "\uffff"), Long.MIN_VALUE, -1);
        byte[] traces = IndexKeys.tracesKey(-1L);
        byte[] smallestSpan = SpanKeys.key(TraceId.of(0, 1), Long.MIN_VALUE, 0);
        assertThat(Arrays.compareUnsigned(posting, smallestSpan)).isNegative();
        assertThat(Arrays.compareUnsigned(traces, smallestSpan)).isNegative();
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

package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EncodedHeadsTest {
    @Test
    void keepsHeadsUpToItsBound_andEncodesTheRestEachTime() {
        EncodedHeads heads = new EncodedHeads();
        for (int i = 0; i < EncodedHeads.MAX_KEPT + 10; i++) {
            SpanIndexer.HeadKey head = new SpanIndexer.HeadKey('k', "frontend", "key." + i, 0);
            assertThat(heads.of(head)).isEqualTo(IndexKeys.tagColumnHead("frontend", "key." + i));
        }
        assertThat(heads.size()).isEqualTo(EncodedHeads.MAX_KEPT);
        SpanIndexer.HeadKey service = new SpanIndexer.HeadKey('s', "frontend", null, 0);
        assertThat(heads.of(service)).isEqualTo(IndexKeys.serviceHead("frontend"));
        SpanIndexer.HeadKey kept = new SpanIndexer.HeadKey('k', "frontend", "key.7", 0);
        assertThat(heads.of(kept)).isSameAs(heads.of(kept));
    }
}

package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagColumnsTest {
    private static final long SLOT = 29_000_000L;
    private static final long SLOT_START = Postings.slotStartEpochMicros(SLOT);

    private static Postings.Accumulator item(int position, long startOffsetMicros, long durationMicros) {
        Postings.Accumulator item = new Postings.Accumulator(position);
        item.add(SLOT_START + startOffsetMicros, durationMicros);
        return item;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void itemsOf_readsOnlyTheWantedValuesItems() {
        Map<String, List<Postings.Accumulator>> byValue = new LinkedHashMap<>();
        byValue.put("GET", List.of(item(3, 5_000_000, 10), item(0, 1_000_000, 2_000)));
        byValue.put("POST", List.of(item(1, 7_000_000, 300)));
        byValue.put("PO", List.of(item(2, 9_000_000, 1)));
        byte[] value = TagColumns.encode(SLOT, byValue);

        List<Postings.Item> post = TagColumns.itemsOf(SLOT, value, utf8("POST"));
        assertThat(post).extracting(Postings.Item::position).containsExactly(1);
        assertThat(post.get(0).startUpperBoundEpochMicros()).isBetween(SLOT_START + 7_000_000, SLOT_START + 7_001_000);
        assertThat(post.get(0).shortestAtLeastMicros()).isLessThanOrEqualTo(300);
        assertThat(post.get(0).longestAtMostMicros()).isGreaterThanOrEqualTo(300);
        assertThat(TagColumns.itemsOf(SLOT, value, utf8("GET"))).extracting(Postings.Item::position).containsExactly(0, 3);
        assertThat(TagColumns.itemsOf(SLOT, value, utf8("PO"))).extracting(Postings.Item::position).containsExactly(2);
        assertThat(TagColumns.itemsOf(SLOT, value, utf8("P"))).isEmpty();
        assertThat(TagColumns.itemsOf(SLOT, value, utf8("POSTS"))).isEmpty();
    }

    @Test
    void itemsOf_handlesValuesBeyondAscii() {
        byte[] value = TagColumns.encode(SLOT, Map.of("Zürich ☃", List.of(item(4, 0, 1))));
        assertThat(TagColumns.itemsOf(SLOT, value, utf8("Zürich ☃"))).extracting(Postings.Item::position).containsExactly(4);
        assertThat(TagColumns.itemsOf(SLOT, value, utf8("Zurich ☃"))).isEmpty();
    }

    @Test
    void itemsOf_reportsATruncatedValueAsCorrupt() {
        byte[] value = TagColumns.encode(SLOT, Map.of("a", List.of(item(0, 0, 1)), "b", List.of(item(1, 0, 1))));
        for (int length = 1; length < value.length; length++) {
            byte[] truncated = Arrays.copyOf(value, length);
            assertThatThrownBy(() -> TagColumns.itemsOf(SLOT, truncated, utf8("missing"))).as("truncated to %d bytes", length).isInstanceOf(ByteSource.CorruptValueException.class);
        }
    }
}

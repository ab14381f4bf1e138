package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PostingsTest {
    private static final long NOW_MICROS = 1_795_867_200_000_000L;

    @Test
    void items_readBackWithBoundsThatHoldTheirTrueValues() {
        long slot = Postings.slot(NOW_MICROS);
        long slotEnd = Postings.slotEndEpochMicros(slot);
        Postings.Accumulator first = item(3, slotEnd - 1_234_567, 250);
        first.add(slotEnd - 2_000_000, 3);
        Postings.Accumulator second = item(0, slotEnd, 0);

        List<Postings.Item> items = Postings.decode(slot, Postings.encode(slot, List.of(first, second)));

        assertThat(items).extracting(Postings.Item::position).containsExactly(0, 3);
        Postings.Item read = items.get(1);
        // 1,234,567 µs before the slot's end: rounded to 1,234 ms, so the bound is at most 999 µs late.
        assertThat(read.startUpperBoundEpochMicros()).isEqualTo(slotEnd - 1_234_000);
        assertThat(read.shortestAtLeastMicros()).isLessThanOrEqualTo(3);
        assertThat(read.longestAtMostMicros()).isBetween(250L, 511L);
        assertThat(items.get(0).startUpperBoundEpochMicros()).isEqualTo(slotEnd);
        assertThat(items.get(0).longestAtMostMicros()).isZero();
    }

    @Test
    void slots_holdTheirStartsAndSaturateAtTheEndsOfTime() {
        long slot = Postings.slot(NOW_MICROS);
        assertThat(Postings.slotStartEpochMicros(slot)).isLessThanOrEqualTo(NOW_MICROS);
        assertThat(Postings.slotEndEpochMicros(slot)).isGreaterThanOrEqualTo(NOW_MICROS)
                .isEqualTo(Postings.slotStartEpochMicros(slot) + Postings.SLOT_MICROS - 1);
        assertThat(Postings.slot(-1)).isEqualTo(-1);
        assertThat(Postings.slotStartEpochMicros(Postings.slot(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
        assertThat(Postings.slotEndEpochMicros(Postings.slot(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void durationBuckets_holdEveryDuration() {
        for (long micros : new long[] {-5, 0, 1, 2, 3, 4, 1_000, 1L << 40, Long.MAX_VALUE}) {
            int bucket = Postings.bucket(micros);
            assertThat(Postings.lowestOf(bucket)).as("%d", micros).isLessThanOrEqualTo(micros);
            assertThat(Postings.highestOf(bucket)).as("%d", micros).isGreaterThanOrEqualTo(micros);
        }
    }

    @Test
    void aTruncatedValue_isCorrupt() {
        long slot = Postings.slot(NOW_MICROS);
        byte[] value = Postings.encode(slot, List.of(item(5, NOW_MICROS, 10)));
        byte[] truncated = java.util.Arrays.copyOf(value, value.length - 1);
        assertThatThrownBy(() -> Postings.decode(slot, truncated))
                .isInstanceOf(ByteSource.CorruptValueException.class);
    }

    private static Postings.Accumulator item(int position, long startMicros, long durationMicros) {
        Postings.Accumulator item = new Postings.Accumulator(position);
        item.add(startMicros, durationMicros);
        return item;
    }
}

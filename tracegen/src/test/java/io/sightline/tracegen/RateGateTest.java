package io.sightline.tracegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateGateTest {
  private long nowNanos = 5_000_000_000L;
  private final List<Long> sleptNanos = new ArrayList<>();

  private RateGate gate(double spansPerSecond) {
    return new RateGate(spansPerSecond, () -> nowNanos, nanos -> sleptNanos.add(nanos));
  }

  @Test
  void reserve_spacesBatchesBySpansOverTheRate() {
    RateGate gate = gate(1000);

    // Nobody sends in between: each reservation books the next slot, as concurrent senders do.
    assertThat(gate.reserve(100)).isZero();
    assertThat(gate.reserve(100)).isEqualTo(100_000_000L);
    assertThat(gate.reserve(50)).isEqualTo(200_000_000L);
    assertThat(gate.reserve(100)).isEqualTo(250_000_000L);
  }

  @Test
  void await_sleepsUntilTheSlotOnceTimeHasMoved() throws InterruptedException {
    RateGate gate = gate(1000);

    gate.await(100);
    nowNanos += 40_000_000L;
    gate.await(100);

    assertThat(sleptNanos).containsExactly(60_000_000L);
  }

  @Test
  void reserve_sendsAtOnceWhileBehindScheduleByLessThanTheBacklogBound() {
    RateGate gate = gate(1000);
    gate.reserve(100);

    nowNanos += 500_000_000L;

    // Half a second late: the missed slots are caught up, not dropped.
    assertThat(gate.reserve(100)).isNegative();
    assertThat(gate.reserve(100)).isNegative();
  }

  @Test
  void reserve_forgetsABacklogLongerThanTheBound() {
    RateGate gate = gate(1000);
    gate.reserve(100);

    nowNanos += RateGate.MAX_BACKLOG_NANOS + 1_000_000_000L;

    assertThat(gate.reserve(100)).isZero();
    assertThat(gate.reserve(100)).isEqualTo(100_000_000L);
  }

  @Test
  void zeroRate_neverWaits() throws InterruptedException {
    RateGate gate = gate(0);

    for (int i = 0; i < 10; i++) {
      gate.await(512);
    }

    assertThat(sleptNanos).isEmpty();
  }

  @Test
  void negativeOrInfiniteRate_isRejected() {
    assertThatThrownBy(() -> gate(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gate(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}

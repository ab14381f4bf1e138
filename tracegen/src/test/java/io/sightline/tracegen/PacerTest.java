package io.sightline.tracegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
  private long nowNanos = 1_000_000_000L;
  private final List<Long> sleptNanos = new ArrayList<>();

  private Pacer pacer(double tracesPerSecond) {
    return new Pacer(tracesPerSecond, () -> nowNanos, nanos -> {
      sleptNanos.add(nanos);
      nowNanos += nanos;
    });
  }

  @Test
  void awaitNext_spacesTracesByTheInverseOfTheRate() throws InterruptedException {
    Pacer pacer = pacer(10);

    for (int i = 0; i < 4; i++) {
      pacer.awaitNext();
    }

    assertThat(sleptNanos).containsExactly(100_000_000L, 100_000_000L, 100_000_000L);
  }

  @Test
  void awaitNext_deductsTheTimeSpentGeneratingFromTheWait() throws InterruptedException {
    Pacer pacer = pacer(10);

    pacer.awaitNext();
    nowNanos += 30_000_000L;
    pacer.awaitNext();

    assertThat(sleptNanos).containsExactly(70_000_000L);
  }

  @Test
  void awaitNext_neverWaitsWhenTheRateIsZero() throws InterruptedException {
    Pacer pacer = pacer(0);

    for (int i = 0; i < 100; i++) {
      pacer.awaitNext();
    }

    assertThat(sleptNanos).isEmpty();
  }

  @Test
  void awaitNext_forgetsABacklogLongerThanTheBoundInsteadOfBursting() throws InterruptedException {
    Pacer pacer = pacer(100);

    pacer.awaitNext();
    nowNanos += Pacer.MAX_BACKLOG_NANOS + 500_000_000L;
    pacer.awaitNext();
    pacer.awaitNext();

    assertThat(sleptNanos).containsExactly(10_000_000L);
  }

  @Test
  void pacer_rejectsNegativeAndNonFiniteRates() {
    assertThatThrownBy(() -> pacer(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tracesPerSecond: -1.0");
    assertThatThrownBy(() -> pacer(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pacer(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
  }
}

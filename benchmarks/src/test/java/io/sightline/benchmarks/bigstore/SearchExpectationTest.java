package io.sightline.benchmarks.bigstore;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchExpectationTest {
  /** Three traces of 50 spans: [100, 200], [300, 400] and [500, 600] µs. */
  private final SearchExpectation expectation = new SearchExpectation(List.of(
      new FillManifest.SearchTrace("a", 100, 200),
      new FillManifest.SearchTrace("b", 300, 400),
      new FillManifest.SearchTrace("c", 500, 600)), 50);

  @Test
  void everyTraceInsideTheWindow_mustBeFound() {
    assertThatCode(() -> expectation.check(found("a", "b", "c"), 0, 1_000, 20)).doesNotThrowAnyException();
    assertThatThrownBy(() -> expectation.check(found("a", "c"), 0, 1_000, 20))
        .isInstanceOf(AnswerMismatch.class).hasMessageContaining("found 2 traces (expected: 3 to 3)");
  }

  @Test
  void theLimit_capsWhatMustBeFound() {
    assertThatCode(() -> expectation.check(found("c", "b"), 0, 1_000, 2)).doesNotThrowAnyException();
    assertThatThrownBy(() -> expectation.check(found("c", "b", "a"), 0, 1_000, 2))
        .isInstanceOf(AnswerMismatch.class).hasMessageContaining("(expected: 2 to 2)");
  }

  @Test
  void aTraceAcrossAnEdge_mayOrMayNotBeFound() {
    assertThatThrownBy(() -> expectation.check(found("b"), 350, 1_000, 20))
        .isInstanceOf(AnswerMismatch.class).hasMessageContaining("missed trace c, which lies wholly inside the window");
    assertThatCode(() -> expectation.check(found("c"), 350, 1_000, 20)).doesNotThrowAnyException();
    assertThatCode(() -> expectation.check(found("c", "b"), 350, 1_000, 20)).doesNotThrowAnyException();
  }

  @Test
  void aTraceOfAnotherService_aRepeatedOne_orOneWithMissingSpans_isWrong() {
    assertThatThrownBy(() -> expectation.check(found("a", "b", "x"), 0, 1_000, 20))
        .isInstanceOf(AnswerMismatch.class).hasMessageContaining("trace x, which is not one of the service's");
    assertThatThrownBy(() -> expectation.check(found("a", "b", "b"), 0, 1_000, 20))
        .isInstanceOf(AnswerMismatch.class).hasMessageContaining("trace b twice");
    assertThatThrownBy(() -> expectation.check(List.of(new QueryTarget.FoundTrace("a", 49)), 100, 200, 20))
        .isInstanceOf(AnswerMismatch.class).hasMessageContaining("with 49 spans (expected: 50)");
  }

  private static List<QueryTarget.FoundTrace> found(String... ids) {
    return java.util.Arrays.stream(ids).map(id -> new QueryTarget.FoundTrace(id, 50)).toList();
  }
}

package io.sightline.benchmarks.bigstore;

import java.util.List;

/**
 * The figures of one query benchmark run.
 *
 * @param storeOpenMs {@code RocksDbStorage.open} on the filled directory (in-process mode only; else -1)
 */
record QueryReport(String mode, long spansStored, long storeOpenMs, String loadAverageBefore,
    String loadAverageAfter, List<Result> results) {

  /**
   * @param fullAnswers searches answered with exactly {@code limit} traces (for trace-by-ID: traces found)
   * @param meanBodyBytes mean response body size (HTTP only; else 0)
   */
  record Result(String name, Percentiles ms, int fullAnswers, long meanBodyBytes) {}
}

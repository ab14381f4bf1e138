package io.sightline.benchmarks.bigstore;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a search of the fill's search service may answer. A trace matches when one of its
 * checkout spans started in the window; the manifest knows each trace's whole time range, not
 * each span's, so a trace lying across an edge of the window may or may not match. The answer
 * must therefore hold at least min(limit, traces wholly inside) and at most min(limit, traces
 * overlapping) traces, every one a known trace of the service with all its spans; and when no
 * more than {@code limit} traces lie wholly inside, each of them.
 */
final class SearchExpectation {
  private final List<FillManifest.SearchTrace> byStart;
  private final Set<String> ids = new HashSet<>();
  private final int spansPerTrace;

  SearchExpectation(List<FillManifest.SearchTrace> traces, int spansPerTrace) {
    this.byStart = traces.stream().sorted(Comparator.comparingLong(FillManifest.SearchTrace::startEpochMicros)).toList();
    this.spansPerTrace = spansPerTrace;
    for (FillManifest.SearchTrace trace : traces) {
      ids.add(trace.traceId());
    }
  }

  /** Traces wholly inside [start, end]: they must match. */
  List<String> inside(long startEpochMicros, long endEpochMicros) {
    List<String> inside = new java.util.ArrayList<>();
    for (FillManifest.SearchTrace trace : byStart) {
      if (trace.startEpochMicros() >= startEpochMicros && trace.endEpochMicros() <= endEpochMicros) {
        inside.add(trace.traceId());
      }
    }
    return inside;
  }

  /** Traces with any time in [start, end] (the most that may match). */
  int overlapping(long startEpochMicros, long endEpochMicros) {
    int count = 0;
    for (FillManifest.SearchTrace trace : byStart) {
      if (trace.endEpochMicros() >= startEpochMicros && trace.startEpochMicros() <= endEpochMicros) {
        count++;
      }
    }
    return count;
  }

  /** @throws AnswerMismatch naming what is wrong with the answer */
  void check(List<QueryTarget.FoundTrace> answer, long startEpochMicros, long endEpochMicros, int limit)
      throws AnswerMismatch {
    List<String> inside = inside(startEpochMicros, endEpochMicros);
    int least = Math.min(limit, inside.size());
    int most = Math.min(limit, overlapping(startEpochMicros, endEpochMicros));
    String window = "search [" + startEpochMicros + ", " + endEpochMicros + "] limit " + limit;
    if (answer.size() < least || answer.size() > most) {
      throw new AnswerMismatch(window + " found " + answer.size() + " traces (expected: " + least + " to " + most + ")");
    }
    Set<String> seen = new HashSet<>();
    for (QueryTarget.FoundTrace trace : answer) {
      if (!ids.contains(trace.traceId())) {
        throw new AnswerMismatch(window + " found trace " + trace.traceId() + ", which is not one of the service's");
      }
      if (!seen.add(trace.traceId())) {
        throw new AnswerMismatch(window + " found trace " + trace.traceId() + " twice");
      }
      if (trace.spans() != spansPerTrace) {
        throw new AnswerMismatch(window + " found trace " + trace.traceId() + " with " + trace.spans()
            + " spans (expected: " + spansPerTrace + ")");
      }
    }
    if (inside.size() <= limit) {
      for (String traceId : inside) {
        if (!seen.contains(traceId)) {
          throw new AnswerMismatch(window + " missed trace " + traceId + ", which lies wholly inside the window");
        }
      }
    }
  }
}

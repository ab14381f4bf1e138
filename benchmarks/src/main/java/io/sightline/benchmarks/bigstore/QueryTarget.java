package io.sightline.benchmarks.bigstore;

import java.util.List;

/**
 * Where the query benchmark sends its two requests: the store in-process or a server over HTTP.
 * Each call times only the request itself; reading the answer for checking comes after the clock
 * stops.
 */
interface QueryTarget extends AutoCloseable {

  /** Fetches one whole trace by ID (hex). */
  TraceAnswer traceById(String traceId) throws Exception;

  /**
   * The one tag every search carries, as the storage issue's figure asks ("by service and one
   * tag"): every checkout trace has checkout spans with it, so the expected answer is the same
   * as by service alone, and the tag's index is what drives the search.
   */
  String SEARCH_TAG_KEY = "http.method";
  String SEARCH_TAG_VALUE = "POST";

  /** The newest {@code limit} traces of {@code service} with a span in [start, end] that has {@link #SEARCH_TAG_KEY}, whole. */
  SearchAnswer search(String service, long startEpochMicros, long endEpochMicros, int limit) throws Exception;

  @Override
  void close() throws Exception;

  /** @param spans spans in the answer; 0 when the trace was not found */
  record TraceAnswer(long nanos, int spans, long bodyBytes) {}

  /**
   * @param idsOnlyNanos the time to find the IDs alone, before the traces were read (in-process
   *     only; -1 over HTTP, where the server does both)
   */
  record SearchAnswer(long nanos, long idsOnlyNanos, List<FoundTrace> traces, long bodyBytes) {}

  record FoundTrace(String traceId, int spans) {}
}

package io.sightline.benchmarks.bigstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a fill stored, for the query benchmark to ask for and to check its answers against:
 * a sample of trace IDs with their span counts, and every trace of the searched service.
 *
 * @param searchService the service whose traces all have {@code searchTraceSpans} spans
 */
record FillManifest(
    long spans,
    long traces,
    long windowStartEpochMicros,
    long windowEndEpochMicros,
    String searchService,
    int searchTraceSpans,
    List<KnownTrace> sample,
    List<SearchTrace> searchTraces,
    FillReport report) {

  /** A stored trace and how many spans it has. */
  record KnownTrace(String traceId, int spans) {}

  /** A trace of the searched service and the time its spans cover, µs since the epoch. */
  record SearchTrace(String traceId, long startEpochMicros, long endEpochMicros) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  void write(Path file) {
    try {
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  static FillManifest read(Path file) {
    try {
      return JSON.readValue(file.toFile(), FillManifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the fill manifest " + file, e);
    }
  }
}

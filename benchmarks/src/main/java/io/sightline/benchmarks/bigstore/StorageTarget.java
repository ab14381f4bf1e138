package io.sightline.benchmarks.bigstore;

import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.TraceQuery;
import io.sightline.storage.rocksdb.RocksDbStorage;
import io.sightline.storage.rocksdb.RocksDbStorageOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The embedded store opened in this process, on the data directory the server would use. */
final class StorageTarget implements QueryTarget {
  private final RocksDbStorage storage;
  private final long openNanos;

  StorageTarget(Path dataDir, long partitionMinutes) {
    long t0 = System.nanoTime();
    storage = RocksDbStorage.open(RocksDbStorageOptions.builder()
        .dataDirectory(dataDir)
        .partitionDuration(Duration.ofMinutes(partitionMinutes))
        // Nothing is written; no retention may run while measuring.
        .retention(Duration.ZERO)
        .build());
    openNanos = System.nanoTime() - t0;
  }

  /** How long {@code RocksDbStorage.open} took, ns. */
  long openNanos() {
    return openNanos;
  }

  @Override
  public TraceAnswer traceById(String traceId) {
    TraceId id = TraceId.fromHex(traceId);
    long t0 = System.nanoTime();
    Optional<Trace> trace = storage.getTrace(id);
    long nanos = System.nanoTime() - t0;
    return new TraceAnswer(nanos, trace.map(t -> t.spans().size()).orElse(0), 0);
  }

  @Override
  public SearchAnswer search(String service, long startEpochMicros, long endEpochMicros, int limit) {
    TraceQuery query = new TraceQuery(service, null, java.util.Map.of(SEARCH_TAG_KEY, SEARCH_TAG_VALUE),
        startEpochMicros, endEpochMicros, 0, Long.MAX_VALUE, limit);
    long t0 = System.nanoTime();
    List<TraceId> ids = storage.findTraceIds(query);
    long t1 = System.nanoTime();
    // As GET /api/traces does: the IDs first, then each trace whole.
    List<Trace> traces = new ArrayList<>(ids.size());
    for (TraceId id : ids) {
      storage.getTrace(id).ifPresent(traces::add);
    }
    long t2 = System.nanoTime();
    List<FoundTrace> found = new ArrayList<>(traces.size());
    for (Trace trace : traces) {
      found.add(new FoundTrace(trace.traceId().toHex(), trace.spans().size()));
    }
    return new SearchAnswer(t2 - t0, t1 - t0, found, 0);
  }

  @Override
  public void close() {
    storage.close();
  }
}

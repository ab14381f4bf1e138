package io.sightline.benchmarks.bigstore;

import io.sightline.core.model.Span;
import io.sightline.storage.rocksdb.RocksDbStorage;
import io.sightline.storage.rocksdb.RocksDbStorageOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills a data directory with realistic traces by writing them through the storage SPI
 * ({@code SpanWriter.write}) of the embedded store, as the collector's writer threads do, but
 * without the network and decoding in front: far faster than sending them over HTTP, and what
 * it measures is the store's own write rate, search indexes included. The spans' start times are
 * spread evenly over a window that ends a minute before the fill starts (24 h by default), in
 * the order they would have arrived, so they land in the partitions live traffic would fill.
 *
 * <p>Traces are the traffic generator's HotROD-like ones (4 to 51 spans) and, for a share of
 * them, {@link CheckoutTemplates}'s 50-span checkouts, the only traces of the {@code checkout}
 * service. The manifest written next to it tells the query benchmark what is stored.
 *
 * <pre>
 * java -cp 'benchmarks/target/sightline-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' \
 *   io.sightline.benchmarks.bigstore.BigStoreFill --data-dir /tmp/big --manifest /tmp/big-fill.json --spans 10000000
 * </pre>
 */
public final class BigStoreFill {
  static final Set<String> OPTIONS = Set.of("data-dir", "manifest", "spans", "window-minutes", "batch-spans",
      "writer-threads", "sync-writes", "seed", "partition-minutes", "search-share-percent", "sample-traces",
      "interval-seconds");

  /**
   * @param searchSharePercent how many traces in a hundred are 50-span checkouts
   * @param sampleTraces how many trace IDs (a uniform sample) the manifest keeps for lookups
   */
  record Settings(Path dataDir, long spans, long windowMinutes, int batchSpans, int writerThreads,
      boolean syncWrites, long seed, long partitionMinutes, int searchSharePercent, int sampleTraces,
      int intervalSeconds) {

    static Settings parse(CliArgs args) {
      int share = args.positiveInt("search-share-percent", 4);
      if (share > 100) {
        throw new IllegalArgumentException("--search-share-percent: " + share + " (expected: 1 to 100)");
      }
      return new Settings(args.path("data-dir"), args.positiveLong("spans", 10_000_000L),
          args.positiveLong("window-minutes", 24 * 60), args.positiveInt("batch-spans", 1_000),
          args.positiveInt("writer-threads", 2), args.bool("sync-writes", true), args.positiveLong("seed", 20261129L),
          args.positiveLong("partition-minutes", 24 * 60), share, args.positiveInt("sample-traces", 10_000),
          args.positiveInt("interval-seconds", 10));
    }
  }

  private BigStoreFill() {}

  public static void main(String[] args) throws Exception {
    CliArgs cli;
    Settings settings;
    try {
      cli = new CliArgs(args, OPTIONS);
      settings = Settings.parse(cli);
    } catch (IllegalArgumentException e) {
      System.err.println("bigstore-fill: " + e.getMessage());
      System.exit(2);
      return;
    }
    FillManifest manifest = fill(settings, System.err);
    manifest.write(cli.path("manifest"));
    System.err.println("bigstore-fill: manifest written to " + cli.path("manifest"));
  }

  static FillManifest fill(Settings settings, PrintStream log) throws InterruptedException {
    String loadBefore = MachineLoad.loadAverage();
    int templateSpans = (int) Math.min(100_000, Math.max(2_000, settings.spans()));
    List<TraceTemplate> hotrod = HotrodTemplates.generate(settings.seed(), templateSpans);
    List<TraceTemplate> checkouts = CheckoutTemplates.generate(settings.seed() + 1, 200);
    log.printf("bigstore-fill: %d HotROD and %d checkout templates; filling %s with %,d spans (sync writes %s, "
            + "%d spans per write, %d writer threads), loadavg %s%n", hotrod.size(), checkouts.size(),
        settings.dataDir(), settings.spans(), settings.syncWrites(), settings.batchSpans(), settings.writerThreads(),
        loadBefore);

    SplittableRandom random = new SplittableRandom(settings.seed() * 31 + 7);
    SplittableRandom sampling = new SplittableRandom(settings.seed() * 17 + 3);
    TraceStamper stamper = new TraceStamper(new SplittableRandom(settings.seed() * 13 + 5));
    long windowNanos = TimeUnit.MINUTES.toNanos(settings.windowMinutes());
    long windowEndNanos = (System.currentTimeMillis() - 60_000L) * 1_000_000L;
    long windowStartNanos = windowEndNanos - windowNanos;

    List<FillManifest.KnownTrace> sample = new ArrayList<>(settings.sampleTraces());
    List<FillManifest.SearchTrace> searchTraces = new ArrayList<>();
    WriteStats stats = new WriteStats();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long generated = 0;
    long traces = 0;
    long generatorBusyNanos = 0;
    long closeNanos;
    long startNanos = System.nanoTime();

    RocksDbStorage storage = RocksDbStorage.open(RocksDbStorageOptions.builder()
        .dataDirectory(settings.dataDir())
        .syncWrites(settings.syncWrites())
        .partitionDuration(Duration.ofMinutes(settings.partitionMinutes()))
        .build());
    ExecutorService writers = Executors.newFixedThreadPool(settings.writerThreads(), daemon("bigstore-writer"));
    // Two batches per writer may wait: enough to keep the writers busy, bounded so memory is too.
    Semaphore inFlight = new Semaphore(settings.writerThreads() * 2);
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(daemon("bigstore-progress"));
    List<Long> intervalRates = new ArrayList<>();
    AtomicLong lastWritten = new AtomicLong();
    progress.scheduleAtFixedRate(() -> {
      long now = stats.spansWritten();
      long rate = (now - lastWritten.getAndSet(now)) / settings.intervalSeconds();
      synchronized (intervalRates) {
        intervalRates.add(rate);
      }
      log.printf("bigstore-fill: %,d spans written, %,d spans/s over the last %d s, loadavg %s%n", now, rate,
          settings.intervalSeconds(), MachineLoad.loadAverage());
    }, settings.intervalSeconds(), settings.intervalSeconds(), TimeUnit.SECONDS);
    try {
      List<Span> batch = new ArrayList<>(settings.batchSpans() + 64);
      long busyFrom = System.nanoTime();
      while (generated < settings.spans() && failure.get() == null) {
        boolean search = random.nextInt(100) < settings.searchSharePercent();
        TraceTemplate template = search
            ? checkouts.get(random.nextInt(checkouts.size()))
            : hotrod.get(random.nextInt(hotrod.size()));
        long traceStart = windowStartNanos + (long) ((double) windowNanos * generated / settings.spans());
        double timeScale = 0.8 + random.nextDouble() * 0.45;
        List<Span> trace = stamper.stamp(template, traceStart, timeScale);
        String traceId = trace.get(0).traceId().toHex();
        traces++;
        // Reservoir sampling: every trace has the same chance to be in the lookup sample.
        if (sample.size() < settings.sampleTraces()) {
          sample.add(new FillManifest.KnownTrace(traceId, trace.size()));
        } else {
          long slot = sampling.nextLong(traces);
          if (slot < settings.sampleTraces()) {
            sample.set((int) slot, new FillManifest.KnownTrace(traceId, trace.size()));
          }
        }
        if (search) {
          searchTraces.add(new FillManifest.SearchTrace(traceId, traceStart / 1_000,
              (traceStart + Math.round(template.durationNanos() * timeScale)) / 1_000 + 1));
        }
        batch.addAll(trace);
        generated += trace.size();
        if (batch.size() >= settings.batchSpans() || generated >= settings.spans()) {
          generatorBusyNanos += System.nanoTime() - busyFrom;
          inFlight.acquire();
          busyFrom = System.nanoTime();
          List<Span> toWrite = batch;
          batch = new ArrayList<>(settings.batchSpans() + 64);
          writers.execute(() -> {
            try {
              long t0 = System.nanoTime();
              storage.write(toWrite);
              stats.record(toWrite.size(), System.nanoTime() - t0);
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            } finally {
              inFlight.release();
            }
          });
        }
      }
      writers.shutdown();
      if (!writers.awaitTermination(1, TimeUnit.HOURS)) {
        throw new IllegalStateException("the writers did not finish within an hour");
      }
    } finally {
      writers.shutdownNow();
      progress.shutdownNow();
      long closeFrom = System.nanoTime();
      storage.close();
      closeNanos = System.nanoTime() - closeFrom;
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a write failed: " + failure.get(), failure.get());
    }
    long elapsedNanos = System.nanoTime() - startNanos;
    long bytes = MachineLoad.bytesUnder(settings.dataDir(), "");
    long sst = MachineLoad.bytesUnder(settings.dataDir(), ".sst");
    long written = stats.spansWritten();
    FillReport report = new FillReport(written, traces, settings.syncWrites(), settings.batchSpans(),
        settings.writerThreads(), TimeUnit.NANOSECONDS.toMillis(elapsedNanos),
        Math.round(written / (elapsedNanos / 1e9)), settings.intervalSeconds(), List.copyOf(intervalRates),
        stats.calls(), stats.latencies(), TimeUnit.NANOSECONDS.toMillis(generatorBusyNanos),
        TimeUnit.NANOSECONDS.toMillis(closeNanos), bytes, sst, Math.round(bytes * 10.0 / written) / 10.0, loadBefore,
        MachineLoad.loadAverage());
    log.printf("bigstore-fill: %,d spans in %,d traces (%,d checkout traces of %d spans) in %.1f s: %,d spans/s; "
            + "write calls %s; generator busy %.1f s; close %.1f s; %,d bytes on disk (%,d in SST files), "
            + "%.1f bytes/span; loadavg %s%n", written, traces, searchTraces.size(), CheckoutTemplates.SPANS_PER_TRACE,
        elapsedNanos / 1e9, report.spansPerSecond(), report.writeMs().summary(), generatorBusyNanos / 1e9,
        closeNanos / 1e9, bytes, sst, report.bytesPerSpan(), report.loadAverageAfter());
    return new FillManifest(written, traces, windowStartNanos / 1_000, windowEndNanos / 1_000,
        CheckoutTemplates.SERVICE, CheckoutTemplates.SPANS_PER_TRACE, sample, searchTraces, report);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong count = new AtomicLong();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Spans written and the latency of each write call, from every writer thread. */
  private static final class WriteStats {
    private final AtomicLong spans = new AtomicLong();
    private long[] nanos = new long[1024];
    private int calls;

    void record(int spanCount, long callNanos) {
      spans.addAndGet(spanCount);
      synchronized (this) {
        if (calls == nanos.length) {
          nanos = java.util.Arrays.copyOf(nanos, calls * 2);
        }
        nanos[calls++] = callNanos;
      }
    }

    long spansWritten() {
      return spans.get();
    }

    synchronized long calls() {
      return calls;
    }

    synchronized Percentiles latencies() {
      return Percentiles.ofNanos(java.util.Arrays.copyOf(nanos, calls));
    }
  }
}

package io.sightline.benchmarks.bigstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Times the two requests the UI waits on against a filled store ({@link BigStoreFill}): one
 * trace by ID (a random one of the manifest's sample) and a search for the newest 20 traces of
 * the checkout service (50 spans each) in a one-hour window ending at a random time of the fill's
 * window. One client thread, one request at a time; the first {@code --warmup} requests of each
 * kind are left out of the figures. Every answer, warm-up included, is checked against the
 * manifest, and a wrong one stops the run.
 *
 * <p>{@code --mode http --base-url http://127.0.0.1:16686} asks a running server's query API;
 * {@code --mode storage --data-dir DIR} opens the store in this process (server stopped) and
 * also reports how long finding the IDs alone takes.
 */
public final class BigStoreQueryBench {
  static final Set<String> OPTIONS = Set.of("manifest", "mode", "data-dir", "base-url", "requests", "warmup", "seed",
      "lookback-minutes", "limit", "partition-minutes", "report");

  record Settings(Path manifest, String mode, Path dataDir, String baseUrl, int requests, int warmup, long seed,
      long lookbackMinutes, int limit, long partitionMinutes) {

    static Settings parse(CliArgs args) {
      String mode = args.required("mode");
      if (!mode.equals("http") && !mode.equals("storage")) {
        throw new IllegalArgumentException("--mode: " + mode + " (expected: http or storage)");
      }
      return new Settings(args.path("manifest"), mode,
          mode.equals("storage") ? args.path("data-dir") : null,
          mode.equals("http") ? args.required("base-url") : null,
          args.positiveInt("requests", 1_000), args.positiveInt("warmup", 200), args.positiveLong("seed", 7),
          args.positiveLong("lookback-minutes", 60), args.positiveInt("limit", 20),
          args.positiveLong("partition-minutes", 24 * 60));
    }
  }

  private BigStoreQueryBench() {}

  public static void main(String[] args) throws Exception {
    CliArgs cli;
    Settings settings;
    try {
      cli = new CliArgs(args, OPTIONS);
      settings = Settings.parse(cli);
    } catch (IllegalArgumentException e) {
      System.err.println("bigstore-query: " + e.getMessage());
      System.exit(2);
      return;
    }
    QueryReport report;
    try {
      report = run(settings, FillManifest.read(settings.manifest()), System.err);
    } catch (AnswerMismatch e) {
      System.err.println("bigstore-query: wrong answer, figures discarded: " + e.getMessage());
      System.exit(1);
      return;
    }
    String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    String out = cli.string("report", "");
    if (out.isEmpty()) {
      System.out.println(json);
    } else {
      java.nio.file.Files.writeString(Path.of(out), json);
    }
  }

  static QueryReport run(Settings settings, FillManifest manifest, PrintStream log) throws Exception {
    if (manifest.sample().isEmpty()) {
      throw new IllegalArgumentException("the manifest " + settings.manifest() + " lists no trace");
    }
    String loadBefore = MachineLoad.loadAverage();
    long openMs = -1;
    List<QueryReport.Result> results = new ArrayList<>();
    try (QueryTarget target = settings.mode().equals("http")
        ? new HttpTarget(settings.baseUrl())
        : new StorageTarget(settings.dataDir(), settings.partitionMinutes())) {
      if (target instanceof StorageTarget storage) {
        openMs = TimeUnit.NANOSECONDS.toMillis(storage.openNanos());
      }
      results.add(traceById(target, settings, manifest));
      results.addAll(search(target, settings, manifest));
    }
    QueryReport report = new QueryReport(settings.mode(), manifest.spans(), openMs, loadBefore,
        MachineLoad.loadAverage(), results);
    for (QueryReport.Result result : results) {
      log.printf(Locale.ROOT, "bigstore-query: %s %s: %s, %d full answers, mean body %,d bytes%n", settings.mode(),
          result.name(), result.ms().summary(), result.fullAnswers(), result.meanBodyBytes());
    }
    log.printf("bigstore-query: loadavg before %s, after %s%n", loadBefore, report.loadAverageAfter());
    return report;
  }

  private static QueryReport.Result traceById(QueryTarget target, Settings settings, FillManifest manifest)
      throws Exception {
    SplittableRandom random = new SplittableRandom(settings.seed());
    long[] nanos = new long[settings.requests()];
    long bodyBytes = 0;
    for (int i = 0; i < settings.warmup() + settings.requests(); i++) {
      FillManifest.KnownTrace known = manifest.sample().get(random.nextInt(manifest.sample().size()));
      QueryTarget.TraceAnswer answer = target.traceById(known.traceId());
      if (answer.spans() != known.spans()) {
        throw new AnswerMismatch("trace " + known.traceId() + " came back with " + answer.spans()
            + " spans (expected: " + known.spans() + ")");
      }
      if (i >= settings.warmup()) {
        nanos[i - settings.warmup()] = answer.nanos();
        bodyBytes += answer.bodyBytes();
      }
    }
    return new QueryReport.Result("trace by ID", Percentiles.ofNanos(nanos), settings.requests(),
        bodyBytes / settings.requests());
  }

  private static List<QueryReport.Result> search(QueryTarget target, Settings settings, FillManifest manifest)
      throws Exception {
    SearchExpectation expected = new SearchExpectation(manifest.searchTraces(), manifest.searchTraceSpans());
    SplittableRandom random = new SplittableRandom(settings.seed() + 1);
    long lookbackMicros = TimeUnit.MINUTES.toMicros(settings.lookbackMinutes());
    long firstEnd = Math.min(manifest.windowEndEpochMicros(), manifest.windowStartEpochMicros() + lookbackMicros);
    long[] nanos = new long[settings.requests()];
    long[] idsNanos = new long[settings.requests()];
    int full = 0;
    long bodyBytes = 0;
    for (int i = 0; i < settings.warmup() + settings.requests(); i++) {
      long end = firstEnd + random.nextLong(manifest.windowEndEpochMicros() - firstEnd + 1);
      long start = Math.max(manifest.windowStartEpochMicros(), end - lookbackMicros);
      QueryTarget.SearchAnswer answer = target.search(manifest.searchService(), start, end, settings.limit());
      expected.check(answer.traces(), start, end, settings.limit());
      if (i >= settings.warmup()) {
        int at = i - settings.warmup();
        nanos[at] = answer.nanos();
        idsNanos[at] = answer.idsOnlyNanos();
        bodyBytes += answer.bodyBytes();
        if (answer.traces().size() == settings.limit()) {
          full++;
        }
      }
    }
    String name = "search " + manifest.searchService() + " limit " + settings.limit() + " (" + settings.lookbackMinutes()
        + " min window)";
    List<QueryReport.Result> results = new ArrayList<>();
    results.add(new QueryReport.Result(name, Percentiles.ofNanos(nanos), full, bodyBytes / settings.requests()));
    if (settings.mode().equals("storage")) {
      results.add(new QueryReport.Result(name + ", IDs only", Percentiles.ofNanos(idsNanos), full, 0));
    }
    return results;
  }
}

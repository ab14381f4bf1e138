package io.sightline.benchmarks.bigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.server.AllInOneServer;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The big-store harness end to end at a tiny scale, so that it cannot rot between the rare full
 * runs: a fill of 5,000 spans, then each kind of query in-process and over HTTP against a real
 * server on the filled directory, every answer checked against the manifest. Nothing is timed.
 */
class BigStoreHarnessIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir
  static Path dir;
  private static FillManifest manifest;

  @BeforeAll
  static void fill() throws Exception {
    // One hour of traces, a quarter of them checkouts, every trace in the lookup sample.
    manifest = BigStoreFill.fill(new BigStoreFill.Settings(dir.resolve("data"), 5_000, 60, 500, 2, false, 42,
        24 * 60, 25, 100_000, 1), QUIET);
  }

  @Test
  void fill_storesTheAskedSpansInWholeTraces_andListsThemAll() {
    assertThat(manifest.spans()).isBetween(5_000L, 5_000L + CheckoutTemplates.SPANS_PER_TRACE);
    assertThat(manifest.report().spans()).isEqualTo(manifest.spans());
    assertThat(manifest.sample()).hasSize((int) manifest.traces());
    assertThat(manifest.sample().stream().mapToLong(FillManifest.KnownTrace::spans).sum()).isEqualTo(manifest.spans());
    assertThat(manifest.searchTraces()).hasSizeGreaterThan(20);
    assertThat(manifest.sample().stream().map(FillManifest.KnownTrace::traceId).collect(Collectors.toSet()))
        .containsAll(manifest.searchTraces().stream().map(FillManifest.SearchTrace::traceId).toList());
    assertThat(manifest.report().bytesOnDisk()).isGreaterThanOrEqualTo(manifest.report().sstBytes()).isPositive();
    assertThat(manifest.windowEndEpochMicros() - manifest.windowStartEpochMicros()).isEqualTo(3_600_000_000L);
  }

  @Test
  void storageQueries_findEveryTraceWhole_andTwentyCheckoutsOfFiftySpans() throws Exception {
    QueryReport report = BigStoreQueryBench.run(settings("storage", null), manifest, QUIET);

    assertThat(report.storeOpenMs()).isNotNegative();
    assertThat(report.results()).extracting(QueryReport.Result::name).containsExactly(
        "trace by ID", "search checkout limit 20 (60 min window)", "search checkout limit 20 (60 min window), IDs only");
    // The window is the whole fill, which holds more than 20 checkouts: every search is full.
    assertThat(report.results()).allSatisfy(result -> {
      assertThat(result.ms().count()).isEqualTo(30);
      assertThat(result.fullAnswers()).isEqualTo(30);
    });
  }

  @Test
  void httpQueries_againstTheServerOnTheFilledDirectory_answerTheSame() throws Exception {
    try (AllInOneServer server = AllInOneServer.start(serverConfig(dir.resolve("data")))) {
      QueryReport report = BigStoreQueryBench.run(settings("http", "http://127.0.0.1:" + server.queryPort()),
          manifest, QUIET);

      assertThat(report.results()).extracting(QueryReport.Result::name)
          .containsExactly("trace by ID", "search checkout limit 20 (60 min window)");
      assertThat(report.results()).allSatisfy(result -> assertThat(result.fullAnswers()).isEqualTo(30));
      // 20 traces of 50 spans in Jaeger's JSON: far more than a few bytes a span.
      assertThat(report.results().get(1).meanBodyBytes()).isGreaterThan(20L * 50 * 100);
    }
  }

  @Test
  void aTraceWithOtherSpansThanTheManifestSays_stopsTheRun() {
    FillManifest.KnownTrace first = manifest.sample().get(0);
    FillManifest wrong = new FillManifest(manifest.spans(), manifest.traces(), manifest.windowStartEpochMicros(),
        manifest.windowEndEpochMicros(), manifest.searchService(), manifest.searchTraceSpans(),
        List.of(new FillManifest.KnownTrace(first.traceId(), first.spans() + 1)), manifest.searchTraces(),
        manifest.report());

    assertThatThrownBy(() -> BigStoreQueryBench.run(settings("storage", null), wrong, QUIET))
        .isInstanceOf(AnswerMismatch.class)
        .hasMessageContaining(first.traceId())
        .hasMessageContaining("(expected: " + (first.spans() + 1) + ")");
  }

  private static BigStoreQueryBench.Settings settings(String mode, String baseUrl) {
    return new BigStoreQueryBench.Settings(dir.resolve("fill.json"), mode,
        mode.equals("storage") ? dir.resolve("data") : null, baseUrl, 30, 5, 7, 60, 20, 24 * 60);
  }

  private static SightlineConfig serverConfig(Path dataDir) {
    SightlineConfig config = SightlineConfig.defaults()
        .with(Setting.DATA_DIR, dataDir.toString())
        .with(Setting.SHUTDOWN_TIMEOUT_MS, "2000");
    for (Setting setting : Setting.values()) {
      if (setting.name().endsWith("_HOST_PORT")) {
        config = config.with(setting, "127.0.0.1:0");
      }
    }
    return config;
  }
}

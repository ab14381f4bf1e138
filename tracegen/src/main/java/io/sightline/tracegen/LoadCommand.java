package io.sightline.tracegen;

import java.io.PrintWriter;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tracegen load}: measures how many spans per second a server acknowledges. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Ingest benchmark: builds a pool of span batches once (the same simulated traces as the"
          + " main command), then sends them from concurrent senders for --duration, at --rate"
          + " or as fast as the server acknowledges, and reports acknowledged spans/s,"
          + " acknowledgement latency, rejected and failed requests.",
      ""
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:no request failed (rejected ones, 429 / RESOURCE_EXHAUSTED, are part of the result)",
      "1:some requests failed (error status, timeout, no connection)",
      "2:invalid arguments"
    })
final class LoadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--protocol",
      paramLabel = "PROTOCOL",
      defaultValue = "otlp-grpc",
      converter = LoadProtocol.Converter.class,
      completionCandidates = LoadProtocol.Converter.class,
      description = "otlp-grpc, otlp-http (protobuf) or zipkin-json (v2). Default: otlp-grpc.")
  LoadProtocol protocol;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "Server URL. Default: http://localhost:4317 (otlp-grpc),"
              + " http://localhost:4318/v1/traces (otlp-http),"
              + " http://localhost:9411/api/v2/spans (zipkin-json).")
  String endpoint;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long to send (e.g. 30s, 5m). Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "Send the same load this long first, over the same connections, without"
          + " counting it: the report then covers a server (and a generator) past JIT"
          + " compilation. Default: ${DEFAULT-VALUE}.")
  Duration warmup;

  @Option(
      names = "--rate",
      paramLabel = "SPANS_PER_SECOND",
      defaultValue = "0",
      description = "Target spans per second over all senders; 0 = as fast as the server"
          + " acknowledges. Default: ${DEFAULT-VALUE}.")
  double rateSpansPerSecond;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "4",
      description = "Senders, each with one request in flight. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(
      names = "--batch-size",
      paramLabel = "SPANS",
      defaultValue = "512",
      description = "Spans per request. Default: ${DEFAULT-VALUE}.")
  int batchSizeSpans;

  @Option(
      names = "--pool-batches",
      paramLabel = "N",
      defaultValue = "64",
      description = "Distinct batches built before the run and sent round-robin; the same spans"
          + " (IDs included) are sent again once the pool wraps. Default: ${DEFAULT-VALUE}.")
  int poolBatches;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How long one request may wait for its answer. Default: ${DEFAULT-VALUE}.")
  Duration requestTimeout;

  @Option(
      names = "--report-interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How often progress is printed while running. Default: ${DEFAULT-VALUE}.")
  Duration reportInterval;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "Seed of the traces' structure. Default: random.")
  Long seed;

  @Option(
      names = "--json",
      description = "Print the final report as one JSON object on stdout; progress goes to stderr.")
  boolean json;

  @Override
  public Integer call() {
    validate();
    URI target = URI.create(resolveEndpoint());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter progress = json ? spec.commandLine().getErr() : out;
    long poolSeed = seed != null ? seed : new SecureRandom().nextLong();

    progress.printf(Locale.ROOT,
        "tracegen load: building %d batches of %d spans (seed %d)%n",
        poolBatches, batchSizeSpans, poolSeed);
    progress.flush();
    SpanBatchPool pool = SpanBatchPool.build(protocol, poolSeed, batchSizeSpans, poolBatches);

    progress.printf(Locale.ROOT,
        "tracegen load: sending to %s over %s for %s, %d senders, %s%n",
        target, protocol.cliName(), duration.toString().substring(2).toLowerCase(Locale.ROOT), concurrency,
        rateSpansPerSecond == 0 ? "unlimited rate"
            : String.format(Locale.ROOT, "%.0f spans/s", rateSpansPerSecond));
    progress.flush();
    LoadReport report;
    Duration generatorCpu;
    try (BatchSender sender = new ArmeriaBatchSender(protocol, target, requestTimeout)) {
      if (!warmup.isZero()) {
        LoadReport warmupReport = newRunner(pool, sender).run(warmup, reportInterval,
            interval -> printProgress(progress, interval, "tracegen load: warm-up interval: "));
        printProgress(progress, warmupReport, "tracegen load: warm-up total (not counted): ");
      }
      long cpuBeforeNanos = ProcessCpu.nanos();
      report = newRunner(pool, sender).run(duration, reportInterval,
          interval -> printProgress(progress, interval, "tracegen load: last interval: "));
      generatorCpu = Duration.ofNanos(ProcessCpu.nanos() - cpuBeforeNanos);
    }
    if (json) {
      out.println(report.toJson(generatorCpu));
    } else {
      out.print(report.toText("tracegen load: total: "));
      out.printf(Locale.ROOT, "tracegen load: total: generator CPU %.1f s%n", generatorCpu.toMillis() / 1000.0);
    }
    out.flush();
    return report.failedRequests() > 0 ? TracegenMain.EXIT_EXPORT_FAILED : 0;
  }

  private LoadRunner newRunner(SpanBatchPool pool, BatchSender sender) {
    return new LoadRunner(pool, sender, RateGate.of(rateSpansPerSecond), concurrency);
  }

  private static void printProgress(PrintWriter progress, LoadReport report, String prefix) {
    progress.print(report.toText(prefix));
    progress.flush();
  }

  private String resolveEndpoint() {
    String url = endpoint != null ? endpoint : protocol.defaultEndpoint();
    try {
      return switch (protocol) {
        case OTLP_GRPC -> Endpoints.normalize(Protocol.GRPC, url);
        case OTLP_HTTP -> Endpoints.normalize(Protocol.HTTP_PROTOBUF, url);
        case ZIPKIN_JSON -> Endpoints.withDefaultPath(Endpoints.normalize(Protocol.GRPC, url),
            "/api/v2/spans");
      };
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--" + e.getMessage(), e);
    }
  }

  private void validate() {
    if (!(rateSpansPerSecond >= 0) || Double.isInfinite(rateSpansPerSecond)) {
      throw usage("--rate: " + rateSpansPerSecond + " (expected: >= 0, 0 = unlimited)");
    }
    if (concurrency <= 0) {
      throw usage("--concurrency: " + concurrency + " (expected: > 0)");
    }
    if (batchSizeSpans <= 0) {
      throw usage("--batch-size: " + batchSizeSpans + " (expected: > 0)");
    }
    if (poolBatches <= 0) {
      throw usage("--pool-batches: " + poolBatches + " (expected: > 0)");
    }
    if ((long) poolBatches * batchSizeSpans > Integer.MAX_VALUE / 4) {
      throw usage("--pool-batches x --batch-size: too many spans to hold in memory");
    }
    if (duration.isNegative()) {
      throw usage("--duration: " + duration + " (expected: >= 0)");
    }
    if (warmup.isNegative()) {
      throw usage("--warmup: " + warmup + " (expected: >= 0)");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw usage("--request-timeout: " + requestTimeout + " (expected: > 0)");
    }
    if (reportInterval.isNegative() || reportInterval.isZero()) {
      throw usage("--report-interval: " + reportInterval + " (expected: > 0)");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}

package io.sightline.tracegen;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command line of the traffic generator. Exit status: 0 all exported, 1 export failures, 2 usage. */
@Command(
    name = "tracegen",
    mixinStandardHelpOptions = true,
    version = "sightline-tracegen 0.1.0",
    sortOptions = false,
    usageHelpAutoWidth = true,
    subcommands = LoadCommand.class,
    description = {
      "Sends traces of a simulated microservice system (frontend, customer, mysql, driver, redis,"
          + " route) over OTLP using the OpenTelemetry Java SDK.",
      "For ingest benchmarks, see `tracegen load --help`.",
      ""
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every span was exported",
      "1:some spans failed to export or were not confirmed",
      "2:invalid arguments"
    })
public final class TracegenMain implements Callable<Integer> {
  static final int EXIT_EXPORT_FAILED = 1;
  /** How long Ctrl-C waits for the flush and the summary before the JVM halts anyway. */
  private static final long SHUTDOWN_GRACE_SECONDS = 30;

  @Spec CommandSpec spec;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "OTLP endpoint. Default: http://localhost:4317 for grpc,"
              + " http://localhost:4318/v1/traces for http.")
  String endpoint;

  @Option(
      names = "--protocol",
      paramLabel = "PROTOCOL",
      defaultValue = "grpc",
      converter = ProtocolConverter.class,
      completionCandidates = ProtocolConverter.class,
      description = "grpc or http (OTLP/HTTP protobuf). Default: grpc.")
  Protocol protocol;

  @Option(
      names = "--traces",
      paramLabel = "N",
      defaultValue = "100",
      description = "Number of traces to send. Default: ${DEFAULT-VALUE}. Ignored with --duration.")
  int traces;

  @Option(
      names = "--rate",
      paramLabel = "T",
      defaultValue = "0",
      description = "Traces per second; 0 = as fast as the endpoint accepts. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Run for this long (e.g. 30s, 5m) at --rate instead of sending --traces.")
  Duration duration;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "Seed of the traces' structure, for a reproducible run. Default: random.")
  Long seed;

  @Option(
      names = "--export-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Timeout of one export call, retries included. Default: ${DEFAULT-VALUE}.")
  Duration exportTimeout;

  @Option(names = "--gzip", description = "Compress OTLP requests with gzip.")
  boolean gzip;

  /**
   * The exporter logs each failure with a stack trace through java.util.logging; the summary
   * already reports failures, so on the command line one line per message is enough.
   */
  private static final String ONE_LINE_LOG_FORMAT = "tracegen: %4$s: %5$s%n";

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", ONE_LINE_LOG_FORMAT);
    }
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new TracegenMain());
  }

  @Override
  public Integer call() {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrafficGenerator.Builder builder =
        TrafficGenerator.builder().protocol(protocol).exportTimeout(exportTimeout).gzip(gzip);
    if (endpoint != null) {
      builder.endpoint(endpoint);
    }
    if (seed != null) {
      builder.seed(seed);
    }
    TrafficGenerator generator;
    try {
      // The CLI prints counts only; keeping trace IDs of a long run would just hold memory.
      generator = builder.maxRecordedTraces(0).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }

    CountDownLatch summaryPrinted = new CountDownLatch(1);
    Thread hook = interruptOnShutdown(Thread.currentThread(), summaryPrinted);
    try (generator) {
      out.printf(
          Locale.ROOT,
          "tracegen: sending %s to %s over %s (seed %d)%n",
          duration != null ? "traces for " + duration.toString().substring(2).toLowerCase(Locale.ROOT)
              : traces + " traces",
          generator.endpoint(),
          protocolName(protocol),
          generator.seed());
      out.flush();
      GenerationReport report =
          duration != null ? generator.generateFor(duration, rate) : generator.generate(traces, rate);
      printSummary(report, Thread.currentThread().isInterrupted(), out, err);
      return report.hasFailures() ? EXIT_EXPORT_FAILED : 0;
    } finally {
      summaryPrinted.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and lets the JVM halt once the summary is out.
      }
    }
  }

  private void validate() {
    if (traces < 0) {
      throw new ParameterException(
          spec.commandLine(), "--traces: " + traces + " (expected: >= 0)");
    }
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new ParameterException(
          spec.commandLine(), "--rate: " + rate + " (expected: >= 0, 0 = as fast as possible)");
    }
    if (duration != null && duration.isNegative()) {
      throw new ParameterException(
          spec.commandLine(), "--duration: " + duration + " (expected: >= 0)");
    }
    if (exportTimeout.isNegative() || exportTimeout.isZero()) {
      throw new ParameterException(
          spec.commandLine(), "--export-timeout: " + exportTimeout + " (expected: > 0)");
    }
  }

  /**
   * On Ctrl-C, stops generating instead of dying: the spans already generated are flushed and the
   * summary printed, which is what a long --duration run is for.
   */
  private static Thread interruptOnShutdown(Thread main, CountDownLatch summaryPrinted) {
    Thread hook =
        new Thread(
            () -> {
              main.interrupt();
              try {
                summaryPrinted.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "tracegen-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private static void printSummary(
      GenerationReport report, boolean interrupted, PrintWriter out, PrintWriter err) {
    out.printf(
        Locale.ROOT,
        "tracegen: %s%d traces, %d spans (%d with status ERROR) in %.2f s%n",
        interrupted ? "interrupted after " : "",
        report.traces(),
        report.spans(),
        report.errorSpans(),
        report.elapsed().toNanos() / 1e9);
    out.printf(Locale.ROOT, "tracegen: %.1f spans/s achieved%n", report.spansPerSecond());
    out.printf(
        Locale.ROOT,
        "tracegen: export failures: %d (%d spans failed, %d spans unconfirmed)%n",
        report.failedExports(),
        report.spansFailed(),
        report.spansUnconfirmed());
    out.flush();
    if (report.hasFailures()) {
      err.printf(
          Locale.ROOT,
          "tracegen: FAILED: %d of %d spans were not exported%s%n",
          report.spans() - report.spansExported(),
          report.spans(),
          report.lastFailure().map(reason -> "; last error: " + reason).orElse(""));
      err.flush();
    }
  }

  private static String protocolName(Protocol protocol) {
    return protocol == Protocol.GRPC ? "grpc" : "http/protobuf";
  }
}

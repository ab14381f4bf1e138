package io.sightline.tracegen;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Simulates a small microservice system (a frontend that dispatches cars through customer, driver
 * and route services backed by mysql and redis) and sends its traces over OTLP with the real
 * OpenTelemetry SDK, one tracer provider per service, exactly as instrumented applications do.
 *
 * <pre>{@code
 * try (TrafficGenerator generator = TrafficGenerator.builder().protocol(Protocol.HTTP_PROTOBUF)
 *     .endpoint("http://localhost:4318").seed(42).build()) {
 *   GenerationReport report = generator.generate(10);
 *   String traceId = report.generatedTraces().get(0).traceId();
 * }
 * }</pre>
 *
 * <p>Spans carry explicit timestamps, so generating never sleeps to fake latency; each trace ends
 * at the moment it is generated. The shape of the traces depends on the seed only; trace and span
 * IDs are random, so running the same seed twice against one backend gives distinct traces.
 *
 * <p>Each {@code generate} call waits until its spans are exported before it returns. Calls are
 * serialized.
 */
public final class TrafficGenerator implements AutoCloseable {
  private static final String INSTRUMENTATION_SCOPE = "io.sightline.tracegen";
  private static final String INSTRUMENTATION_VERSION = "0.1.0";
  /** Exports every 100 ms rather than the SDK's 5 s, so paced runs reach the backend steadily. */
  private static final Duration SCHEDULE_DELAY = Duration.ofMillis(100);
  private static final int MAX_EXPORT_BATCH_SIZE = 512;
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private final Protocol protocol;
  private final String endpoint;
  private final long seed;
  private final Duration exportTimeout;
  private final int maxQueueSize;
  private final int maxRecordedTraces;
  private final SpanExporter exporter;
  private final boolean ownsExporter;
  private final Map<Service, ExportLedger> ledgers = new EnumMap<>(Service.class);
  private final List<SdkTracerProvider> providers = new ArrayList<>();
  private final TracePlanner planner;
  private final TraceEmitter emitter;
  private boolean closed;

  private TrafficGenerator(Builder builder) {
    protocol = builder.protocol;
    seed = builder.seed != null ? builder.seed : new SecureRandom().nextLong();
    exportTimeout = builder.exportTimeout;
    maxQueueSize = builder.maxQueueSize;
    maxRecordedTraces = builder.maxRecordedTraces;
    if (builder.spanExporter != null) {
      exporter = builder.spanExporter;
      ownsExporter = false;
      endpoint = String.valueOf(exporter);
    } else {
      endpoint =
          Endpoints.normalize(
              protocol, builder.endpoint != null ? builder.endpoint : protocol.defaultEndpoint());
      exporter = OtlpExporters.create(protocol, endpoint, exportTimeout, builder.gzip);
      ownsExporter = true;
    }
    Map<Service, Tracer> tracers = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      ExportLedger ledger = new ExportLedger();
      SdkTracerProvider provider =
          SdkTracerProvider.builder()
              .setResource(service.resource())
              .addSpanProcessor(new EndedSpanCounter(ledger))
              .addSpanProcessor(
                  BatchSpanProcessor.builder(new CountingSpanExporter(exporter, ledger))
                      .setMaxQueueSize(maxQueueSize)
                      .setMaxExportBatchSize(Math.min(MAX_EXPORT_BATCH_SIZE, maxQueueSize / 2))
                      .setScheduleDelay(SCHEDULE_DELAY)
                      // The exporter enforces its own timeout; this only guards against a stuck one.
                      .setExporterTimeout(exportTimeout.plusSeconds(5))
                      .build())
              .build();
      ledgers.put(service, ledger);
      providers.add(provider);
      tracers.put(
          service,
          provider
              .tracerBuilder(INSTRUMENTATION_SCOPE)
              .setInstrumentationVersion(INSTRUMENTATION_VERSION)
              .build());
    }
    planner = new TracePlanner(seed);
    emitter = new TraceEmitter(tracers);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The {@code service.name} of every simulated service. */
  public static List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    for (Service service : Service.values()) {
      names.add(service.serviceName());
    }
    return List.copyOf(names);
  }

  /** The seed the structure of the traces derives from; random unless the builder set one. */
  public long seed() {
    return seed;
  }

  public Protocol protocol() {
    return protocol;
  }

  /** The endpoint spans are sent to, after defaults; a description when a custom exporter is used. */
  public String endpoint() {
    return endpoint;
  }

  /** Generates {@code traces} traces as fast as the exporter keeps up, then flushes. */
  public GenerationReport generate(int traces) {
    return generate(traces, 0);
  }

  /**
   * Generates {@code traces} traces at {@code tracesPerSecond} (0 = as fast as possible), then
   * flushes. An interrupt stops generating early; the spans generated so far are still flushed and
   * reported, and the thread's interrupt flag is set again on return.
   */
  public GenerationReport generate(int traces, double tracesPerSecond) {
    if (traces < 0) {
      throw new IllegalArgumentException("traces: " + traces + " (expected: >= 0)");
    }
    return run(traces, Long.MAX_VALUE, Pacer.of(tracesPerSecond));
  }

  /**
   * Generates traces for {@code duration} at {@code tracesPerSecond} (0 = as fast as possible),
   * then flushes; interrupts behave as in {@link #generate(int, double)}.
   */
  public GenerationReport generateFor(Duration duration, double tracesPerSecond) {
    requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration: " + duration + " (expected: >= 0)");
    }
    Pacer pacer = Pacer.of(tracesPerSecond);
    long deadlineNanos = System.nanoTime() + saturatedNanos(duration);
    return run(Long.MAX_VALUE, deadlineNanos, pacer);
  }

  private synchronized GenerationReport run(long maxTraces, long deadlineNanos, Pacer pacer) {
    if (closed) {
      throw new IllegalStateException("generator is closed");
    }
    ExportTotals before = totals();
    long startNanos = System.nanoTime();
    long traces = 0;
    long spans = 0;
    long errorSpans = 0;
    List<GeneratedTrace> recorded = new ArrayList<>();
    boolean interrupted = false;
    try {
      while (traces < maxTraces && System.nanoTime() - deadlineNanos < 0) {
        pacer.awaitNext();
        if (System.nanoTime() - deadlineNanos >= 0) {
          break;
        }
        awaitQueueRoom();
        SpanPlan plan = planner.planDispatch();
        // Anchored by its end, so the whole trace lies in the past when it reaches the backend.
        long anchorEpochNanos = Clock.getDefault().now() - plan.endNs();
        GeneratedTrace trace = emitter.emit(plan, anchorEpochNanos);
        traces++;
        spans += trace.spanCount();
        errorSpans += trace.errorSpans();
        if (recorded.size() < maxRecordedTraces) {
          recorded.add(trace);
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    // Cleared so the flush below is not cut short; restored before returning.
    interrupted |= Thread.interrupted();
    flush();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    ExportTotals exportTotals = totals().minus(before);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new GenerationReport(traces, spans, errorSpans, exportTotals, elapsed, recorded);
  }

  /**
   * Waits while a service's batch queue is half full. The batch processor drops spans when its
   * queue is full, and generating is far faster than exporting, so without this a fast run would
   * mostly measure drops; with it, the run goes at the speed the backend accepts spans.
   */
  private void awaitQueueRoom() throws InterruptedException {
    long highWaterMark = maxQueueSize / 2;
    // A stuck exporter must not hang the run: past this, carry on and let drops be reported.
    long giveUpNanos = System.nanoTime() + saturatedNanos(exportTimeout.multipliedBy(2));
    for (ExportLedger ledger : ledgers.values()) {
      while (ledger.queued() > highWaterMark && System.nanoTime() - giveUpNanos < 0) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    }
  }

  private void flush() {
    List<CompletableResultCode> results = new ArrayList<>();
    for (SdkTracerProvider provider : providers) {
      results.add(provider.forceFlush());
    }
    // Each provider may need several sequential exports; each is bounded by the export timeout.
    long flushTimeoutNanos =
        saturatedNanos(exportTimeout.multipliedBy(1 + maxQueueSize / MAX_EXPORT_BATCH_SIZE));
    CompletableResultCode.ofAll(results).join(flushTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  private ExportTotals totals() {
    ExportTotals totals = ExportTotals.ZERO;
    for (ExportLedger ledger : ledgers.values()) {
      totals = totals.plus(ledger.totals());
    }
    return totals;
  }

  /** Flushes and shuts down every provider, then the exporter if the generator created it. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<CompletableResultCode> results = new ArrayList<>();
    for (SdkTracerProvider provider : providers) {
      results.add(provider.shutdown());
    }
    CompletableResultCode.ofAll(results).join(SHUTDOWN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    if (ownsExporter) {
      exporter.shutdown().join(SHUTDOWN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  /** Configures a {@link TrafficGenerator}. Every setting has a default. */
  public static final class Builder {
    private Protocol protocol = Protocol.GRPC;
    private String endpoint;
    private Long seed;
    private Duration exportTimeout = Duration.ofSeconds(10);
    private int maxQueueSize = 8192;
    private int maxRecordedTraces = 10_000;
    private boolean gzip;
    private SpanExporter spanExporter;

    private Builder() {}

    /** The OTLP transport; default {@link Protocol#GRPC}. */
    public Builder protocol(Protocol protocol) {
      this.protocol = requireNonNull(protocol, "protocol");
      return this;
    }

    /**
     * The OTLP endpoint, {@code http(s)://host:port}; default {@link Protocol#defaultEndpoint()}.
     * For OTLP/HTTP, {@code /v1/traces} is appended when the URL has no path.
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** The seed of the traces' structure; default random (see {@link TrafficGenerator#seed()}). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How long one export call may take, retries included; default 10 s. */
    public Builder exportTimeout(Duration exportTimeout) {
      requireNonNull(exportTimeout, "exportTimeout");
      if (exportTimeout.isNegative() || exportTimeout.isZero()) {
        throw new IllegalArgumentException("exportTimeout: " + exportTimeout + " (expected: > 0)");
      }
      this.exportTimeout = exportTimeout;
      return this;
    }

    /** The bound of each service's batch span queue, in spans; default 8192. */
    public Builder maxQueueSize(int maxQueueSize) {
      if (maxQueueSize < 2) {
        throw new IllegalArgumentException("maxQueueSize: " + maxQueueSize + " (expected: >= 2)");
      }
      this.maxQueueSize = maxQueueSize;
      return this;
    }

    /** How many traces a report lists by ID at most; default 10 000. Counts are never capped. */
    public Builder maxRecordedTraces(int maxRecordedTraces) {
      if (maxRecordedTraces < 0) {
        throw new IllegalArgumentException(
            "maxRecordedTraces: " + maxRecordedTraces + " (expected: >= 0)");
      }
      this.maxRecordedTraces = maxRecordedTraces;
      return this;
    }

    /** Whether OTLP requests are gzip-compressed; default false. */
    public Builder gzip(boolean gzip) {
      this.gzip = gzip;
      return this;
    }

    /**
     * Sends spans to this exporter instead of an OTLP endpoint (for tests, or another transport).
     * The caller keeps ownership: {@link TrafficGenerator#close()} does not shut it down.
     */
    public Builder spanExporter(SpanExporter spanExporter) {
      this.spanExporter = requireNonNull(spanExporter, "spanExporter");
      return this;
    }

    /**
     * Creates the generator and its exporter.
     *
     * @throws IllegalArgumentException if the endpoint is not an http(s) URL
     */
    public TrafficGenerator build() {
      return new TrafficGenerator(this);
    }
  }
}

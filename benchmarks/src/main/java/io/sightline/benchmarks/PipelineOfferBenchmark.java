package io.sightline.benchmarks;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.collector.otlp.OtlpProtobufDecoder;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestOutcome;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.IngestSource;
import io.sightline.collector.pipeline.PipelineOptions;
import io.sightline.core.model.Span;
import io.sightline.core.storage.SpanWriter;
import io.sightline.tracegen.BenchmarkInputs;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The collector's own cost between decoding and storage: one decoded 512-span batch of the
 * generator's spans through {@link IngestPipeline#submit} (tags, truncation, size estimate,
 * received metrics, queueing) and its writer thread (saved metrics) into a writer that discards.
 * One operation is one span.
 *
 * <p>Each invocation waits for the batch to be written, so the queue never fills and the
 * figure includes handing the batch to the writer thread and back, a fixed cost per batch
 * that shows as a few tens of ns per span and varies with the machine's load. Allocation
 * ({@code -prof gc}) counts both threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchmarkInputs.SPANS_PER_BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PipelineOfferBenchmark {
  List<Span> batch;
  DiscardingWriter writer;
  IngestPipeline pipeline;

  @Setup
  public void start() {
    batch = OtlpProtobufDecoder.decode(BenchmarkInputs.otlpProtobuf(BenchmarkInputs.spans()));
    writer = new DiscardingWriter();
    pipeline = new IngestPipeline(writer, PipelineOptions.DEFAULTS,
        new CollectorMetrics(new PrometheusRegistry(), "benchmark-host"));
    pipeline.start();
  }

  @TearDown
  public void stop() {
    pipeline.close();
  }

  @Benchmark
  public IngestOutcome offer() {
    return pipeline.submit(batch, IngestSource.OTLP_GRPC).join();
  }

  /** Keeps only a count, so that storage costs nothing and a test can see every span arrive. */
  static final class DiscardingWriter implements SpanWriter {
    final AtomicLong spansWritten = new AtomicLong();

    @Override
    public void write(List<Span> spans) {
      spansWritten.addAndGet(spans.size());
    }
  }
}

package io.sightline.benchmarks;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.collector.otlp.OtlpSpanDecoder;
import io.sightline.core.model.Span;
import io.sightline.spm.SpanMetricsAggregator;
import io.sightline.spm.SpanMetricsOptions;
import io.sightline.tracegen.BenchmarkInputs;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The SPM cost on the ingest path: one stored batch of the generator's spans (a few dozen
 * service/operation/kind/status series, already known after the first batch) through the
 * RED aggregator; one operation is one span. Target: at most 100 ns per span.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchmarkInputs.SPANS_PER_BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SpanMetricsBenchmark {
  List<Span> batch;
  SpanMetricsAggregator aggregator;

  @Setup
  public void prepare() throws Exception {
    batch = OtlpSpanDecoder.decode(ExportTraceServiceRequest.parseFrom(
        BenchmarkInputs.otlpProtobuf(BenchmarkInputs.spans())));
    aggregator = new SpanMetricsAggregator(SpanMetricsOptions.defaults(), new PrometheusRegistry());
    aggregator.onStored(batch);
  }

  @Benchmark
  public SpanMetricsAggregator aggregate() {
    aggregator.onStored(batch);
    return aggregator;
  }
}

package io.sightline.benchmarks;

import io.sightline.collector.otlp.OtlpJsonReader;
import io.sightline.collector.otlp.OtlpSpanDecoder;
import io.sightline.core.model.Span;
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

/** OTLP/JSON (the OTLP/HTTP JSON body) into Sightline spans; one operation is one span. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchmarkInputs.SPANS_PER_BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OtlpJsonDecodeBenchmark {
  byte[] body;

  @Setup
  public void encode() {
    body = BenchmarkInputs.otlpJson(BenchmarkInputs.spans());
  }

  @Benchmark
  public List<Span> parseAndDecode() {
    return OtlpSpanDecoder.decode(OtlpJsonReader.read(body));
  }
}

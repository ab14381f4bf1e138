package io.sightline.collector.jaeger.thrift;

import io.sightline.core.model.Span;
import io.sightline.tracegen.BenchmarkInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TException;
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
 * Jaeger Thrift binary {@code Batch} bodies ({@code POST /api/traces}) into Sightline spans, one
 * batch per service; one operation is one span. In the receiver's package to use its
 * package-private {@link ThriftReader}, as the HTTP receiver does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchmarkInputs.SPANS_PER_BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JaegerThriftDecodeBenchmark {
  List<byte[]> bodies;

  @Setup
  public void encode() {
    bodies = ThriftBatches.encode(BenchmarkInputs.spans());
  }

  @Benchmark
  public List<Span> parseAndDecode() throws TException {
    List<Span> spans = new ArrayList<>(BenchmarkInputs.SPANS_PER_BATCH);
    for (byte[] body : bodies) {
      spans.addAll(JaegerThriftSpanDecoder.decode(ThriftReader.binaryBatch(body)));
    }
    return spans;
  }
}

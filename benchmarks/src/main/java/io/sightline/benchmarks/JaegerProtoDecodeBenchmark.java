package io.sightline.benchmarks;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Collector.PostSpansRequest;
import io.sightline.collector.jaeger.grpc.JaegerProtoSpanDecoder;
import io.sightline.core.model.Span;
import io.sightline.tracegen.BenchmarkInputs;
import java.util.ArrayList;
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
 * Jaeger gRPC {@code PostSpansRequest} bodies into Sightline spans: the same 512 spans as the
 * other benchmarks, one request per service as Jaeger clients send them; one operation is one span.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchmarkInputs.SPANS_PER_BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JaegerProtoDecodeBenchmark {
  List<byte[]> bodies;

  @Setup
  public void encode() {
    bodies = JaegerProtoBatches.encode(BenchmarkInputs.spans());
  }

  @Benchmark
  public List<Span> parseAndDecode() throws InvalidProtocolBufferException {
    List<Span> spans = new ArrayList<>(BenchmarkInputs.SPANS_PER_BATCH);
    for (byte[] body : bodies) {
      spans.addAll(JaegerProtoSpanDecoder.decode(PostSpansRequest.parseFrom(body)));
    }
    return spans;
  }
}

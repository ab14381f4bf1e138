package io.sightline.benchmarks;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.sightline.collector.otlp.OtlpProtobufDecoder;
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

/**
 * OTLP protobuf (the OTLP/gRPC and OTLP/HTTP protobuf body) into Sightline spans. One operation
 * is one span: each invocation decodes a 512-span request, so the time and {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} are per span. Public because JMH's generated code subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchmarkInputs.SPANS_PER_BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OtlpProtobufDecodeBenchmark {
  byte[] body;
  ExportTraceServiceRequest parsed;

  @Setup
  public void encode() throws InvalidProtocolBufferException {
    body = BenchmarkInputs.otlpProtobuf(BenchmarkInputs.spans());
    parsed = ExportTraceServiceRequest.parseFrom(body);
  }

  /** Bytes to spans as the receivers do: the wire format read straight into the model. */
  @Benchmark
  public List<Span> wireDecode() {
    return OtlpProtobufDecoder.decode(body);
  }

  /** Bytes to spans through protobuf-java's generated messages (the OTLP/JSON path's mapping). */
  @Benchmark
  public List<Span> parseAndDecode() throws InvalidProtocolBufferException {
    return OtlpSpanDecoder.decode(ExportTraceServiceRequest.parseFrom(body));
  }

  /** Only the mapping from the parsed protobuf messages, to tell it apart from parsing. */
  @Benchmark
  public List<Span> decodeParsed() {
    return OtlpSpanDecoder.decode(parsed);
  }
}

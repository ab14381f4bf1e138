package io.sightline.benchmarks;

import io.sightline.collector.zipkin.ZipkinSpanDecoder;
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
import zipkin2.codec.SpanBytesDecoder;

/**
 * Zipkin JSON v2 ({@code POST /api/v2/spans}) into Sightline spans, through zipkin2's decoder as
 * the receiver does; one operation is one span.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchmarkInputs.SPANS_PER_BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ZipkinJsonDecodeBenchmark {
  byte[] body;
  List<zipkin2.Span> parsed;

  @Setup
  public void encode() {
    body = BenchmarkInputs.zipkinJsonV2(BenchmarkInputs.spans());
    parsed = SpanBytesDecoder.JSON_V2.decodeList(body);
  }

  @Benchmark
  public List<Span> parseAndDecode() {
    return ZipkinSpanDecoder.decode(SpanBytesDecoder.JSON_V2.decodeList(body));
  }

  /** Only the mapping from zipkin2's spans, to tell it apart from the codec's parsing. */
  @Benchmark
  public List<Span> decodeParsed() {
    return ZipkinSpanDecoder.decode(parsed);
  }
}

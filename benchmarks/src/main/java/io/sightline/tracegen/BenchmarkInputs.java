package io.sightline.tracegen;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The traffic generator's spans and request encoders, opened to the benchmarks' packages (this
 * class sits in tracegen's package inside the benchmarks module), so every decoder benchmark
 * decodes the same realistic spans that {@code tracegen load} sends.
 */
public final class BenchmarkInputs {
  /** What the OTLP SDK exporters and {@code tracegen load} put in one request by default. */
  public static final int SPANS_PER_BATCH = 512;
  /** Fixed, so every run and every decoder sees the same spans. */
  public static final long SEED = 20261129L;

  private BenchmarkInputs() {}

  /**
   * The {@link #SPANS_PER_BATCH} spans of simulated microservice traces that every benchmark
   * encodes. Generated once per JVM: the seed fixes the traces' structure, but the SDK draws IDs
   * and clock readings afresh on each generation.
   */
  public static List<SpanData> spans() {
    return Batch.SPANS;
  }

  private static final class Batch {
    static final List<SpanData> SPANS =
        List.copyOf(PlannedSpans.generate(SEED, SPANS_PER_BATCH).subList(0, SPANS_PER_BATCH));
  }

  /**
   * Whole simulated traces of at least {@code minSpans} spans in all, planned from {@code seed}
   * (the big-store fill's templates; see {@code io.sightline.benchmarks.bigstore}).
   */
  public static List<SpanData> traces(long seed, int minSpans) {
    return PlannedSpans.generate(seed, minSpans);
  }

  /** An {@code ExportTraceServiceRequest} as the OTLP exporter writes it. */
  public static byte[] otlpProtobuf(List<SpanData> spans) {
    return BatchEncoder.otlpProtobuf(spans);
  }

  /** The same request in OTLP/JSON (hex IDs, camelCase), as the OTLP/HTTP JSON exporter writes it. */
  public static byte[] otlpJson(List<SpanData> spans) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      TraceRequestMarshaler.create(spans).writeJsonTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A Zipkin JSON v2 list, as {@code tracegen load --protocol zipkin-json} sends it. */
  public static byte[] zipkinJsonV2(List<SpanData> spans) {
    return BatchEncoder.encode(LoadProtocol.ZIPKIN_JSON, spans);
  }
}

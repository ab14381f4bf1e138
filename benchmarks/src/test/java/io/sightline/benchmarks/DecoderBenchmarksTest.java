package io.sightline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sightline.collector.jaeger.thrift.JaegerThriftDecodeBenchmark;
import io.sightline.core.model.Span;
import io.sightline.tracegen.BenchmarkInputs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark's setup must produce a batch its decoder accepts whole, holding the generator's
 * spans, so the benchmarks time real decoding and not an early rejection. Speed itself is only
 * measured by running JMH (docs/benchmarks.md).
 */
class DecoderBenchmarksTest {
  private static List<String> expected;

  @BeforeAll
  static void generatorSpans() {
    expected = identities(BenchmarkInputs.spans());
  }

  @Test
  void otlpProtobufSetupDecodesToTheGeneratorsSpans() throws Exception {
    OtlpProtobufDecodeBenchmark benchmark = new OtlpProtobufDecodeBenchmark();
    benchmark.encode();
    assertThat(spanIdentities(benchmark.parseAndDecode())).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(spanIdentities(benchmark.decodeParsed())).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(benchmark.wireDecode()).isEqualTo(benchmark.parseAndDecode());
  }

  @Test
  void spanMetricsSetupAggregatesEverySpanOfTheBatch() throws Exception {
    SpanMetricsBenchmark benchmark = new SpanMetricsBenchmark();
    benchmark.prepare();
    assertThat(benchmark.batch).hasSize(BenchmarkInputs.SPANS_PER_BATCH);
    io.prometheus.metrics.model.registry.PrometheusRegistry registry = new io.prometheus.metrics.model.registry.PrometheusRegistry();
    io.sightline.spm.SpanMetricsAggregator fresh =
        new io.sightline.spm.SpanMetricsAggregator(io.sightline.spm.SpanMetricsOptions.defaults(), registry);
    fresh.onStored(benchmark.batch);
    double calls = registry.scrape().stream().filter(m -> m.getMetadata().getName().equals("calls"))
        .flatMap(m -> m.getDataPoints().stream())
        .mapToDouble(p -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) p).getValue())
        .sum();
    assertThat(calls).isEqualTo(BenchmarkInputs.SPANS_PER_BATCH);
  }

  @Test
  void pipelineOfferSetupStoresTheWholeBatchUncut() {
    PipelineOfferBenchmark benchmark = new PipelineOfferBenchmark();
    benchmark.start();
    try {
      assertThat(spanIdentities(benchmark.batch)).containsExactlyInAnyOrderElementsOf(expected);
      io.sightline.collector.pipeline.IngestOutcome outcome = benchmark.offer();
      assertThat(outcome.storedSpans()).isEqualTo(BenchmarkInputs.SPANS_PER_BATCH);
      assertThat(outcome.isPartial()).as("nothing dropped or truncated").isFalse();
      benchmark.offer();
      assertThat(benchmark.writer.spansWritten).hasValue(2L * BenchmarkInputs.SPANS_PER_BATCH);
    } finally {
      benchmark.stop();
    }
  }

  @Test
  void otlpJsonSetupDecodesToTheGeneratorsSpans() {
    OtlpJsonDecodeBenchmark benchmark = new OtlpJsonDecodeBenchmark();
    benchmark.encode();
    assertThat(spanIdentities(benchmark.parseAndDecode())).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void zipkinJsonSetupDecodesToTheGeneratorsSpans() {
    ZipkinJsonDecodeBenchmark benchmark = new ZipkinJsonDecodeBenchmark();
    benchmark.encode();
    assertThat(spanIdentities(benchmark.parseAndDecode())).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(benchmark.decodeParsed()).isEqualTo(benchmark.parseAndDecode());
  }

  @Test
  void jaegerProtoSetupDecodesToTheGeneratorsSpans() throws Exception {
    JaegerProtoDecodeBenchmark benchmark = new JaegerProtoDecodeBenchmark();
    benchmark.encode();
    assertThat(spanIdentities(benchmark.parseAndDecode())).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void jaegerThriftSetupDecodesToTheGeneratorsSpans() throws Exception {
    JaegerThriftDecodeBenchmark benchmark = new JaegerThriftDecodeBenchmark();
    benchmark.encode();
    assertThat(spanIdentities(benchmark.parseAndDecode())).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void everyBenchmarkIsRegisteredWithJmh() throws IOException {
    String list;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
      assertThat(in).as("JMH's annotation processor output").isNotNull();
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(list)
        .contains(OtlpProtobufDecodeBenchmark.class.getName())
        .contains(OtlpJsonDecodeBenchmark.class.getName())
        .contains(ZipkinJsonDecodeBenchmark.class.getName())
        .contains(JaegerProtoDecodeBenchmark.class.getName())
        .contains(JaegerThriftDecodeBenchmark.class.getName())
        .contains(SpanMetricsBenchmark.class.getName())
        .contains(PipelineOfferBenchmark.class.getName());
  }

  /**
   * Trace ID, span ID, parent, name and service: what every protocol carries unchanged, but for
   * the name's case (zipkin2's model lower-cases span names).
   */
  private static List<String> identities(List<SpanData> spans) {
    return spans.stream()
        .map(s -> String.join("/", s.getTraceId(), s.getSpanId(),
            s.getParentSpanContext().isValid() ? s.getParentSpanId() : "0000000000000000",
            s.getName().toLowerCase(Locale.ROOT), s.getResource().getAttribute(AttributeKey.stringKey("service.name"))))
        .toList();
  }

  private static List<String> spanIdentities(List<Span> spans) {
    assertThat(spans).hasSize(BenchmarkInputs.SPANS_PER_BATCH);
    return spans.stream()
        .map(s -> String.join("/", s.traceId().toHex32(), hex16(s.spanId()), hex16(s.parentSpanId()),
            s.name().toLowerCase(Locale.ROOT), s.serviceName()))
        .toList();
  }

  private static String hex16(long id) {
    return String.format(Locale.ROOT, "%016x", id);
  }
}

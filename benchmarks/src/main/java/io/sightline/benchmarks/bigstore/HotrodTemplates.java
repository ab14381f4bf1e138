package io.sightline.benchmarks.bigstore;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sightline.collector.otlp.OtlpSpanDecoder;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.tracegen.BenchmarkInputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces of the traffic generator's simulated system (HotROD-like: frontend, customer, mysql,
 * driver, redis, route; 4 to 51 spans, errors with exception events, OpenTelemetry semantic
 * attributes), turned into Sightline spans the way the OTLP receiver turns them: encoded by the
 * SDK's exporter, then decoded by {@link OtlpSpanDecoder}.
 */
final class HotrodTemplates {
  private HotrodTemplates() {}

  static List<TraceTemplate> generate(long seed, int minSpans) {
    List<SpanData> generated = BenchmarkInputs.traces(seed, minSpans);
    List<Span> spans = new ArrayList<>(generated.size());
    // One request per slice keeps each protobuf message small, as an exporter's batches are.
    for (int from = 0; from < generated.size(); from += BenchmarkInputs.SPANS_PER_BATCH) {
      List<SpanData> slice = generated.subList(from, Math.min(generated.size(), from + BenchmarkInputs.SPANS_PER_BATCH));
      try {
        spans.addAll(OtlpSpanDecoder.decode(ExportTraceServiceRequest.parseFrom(BenchmarkInputs.otlpProtobuf(slice))));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("the exporter's own encoding did not parse", e);
      }
    }
    Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
    for (Span span : spans) {
      byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
    }
    List<TraceTemplate> templates = new ArrayList<>(byTrace.size());
    for (List<Span> trace : byTrace.values()) {
      Span root = trace.stream().filter(Span::isRoot).findFirst().orElse(trace.get(0));
      templates.add(TraceTemplate.of(trace, root.serviceName()));
    }
    return templates;
  }
}

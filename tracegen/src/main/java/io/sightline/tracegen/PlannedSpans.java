package io.sightline.tracegen;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the same traces as {@link TrafficGenerator}, through the same planner and SDK, but
 * keeps the finished spans in memory instead of exporting them, so the load mode can encode them
 * once and replay them.
 */
final class PlannedSpans {
  private PlannedSpans() {}

  /** At least {@code minSpans} spans of whole traces, in the order the SDK ended them. */
  static List<SpanData> generate(long seed, int minSpans) {
    List<SpanData> spans = new ArrayList<>(minSpans + 64);
    SpanProcessor collector = new Collector(spans);
    Map<Service, Tracer> tracers = new EnumMap<>(Service.class);
    List<SdkTracerProvider> providers = new ArrayList<>();
    for (Service service : Service.values()) {
      SdkTracerProvider provider =
          SdkTracerProvider.builder()
              .setResource(service.resource())
              .addSpanProcessor(collector)
              .build();
      providers.add(provider);
      tracers.put(service, provider.get("io.sightline.tracegen", "0.1.0"));
    }
    TracePlanner planner = new TracePlanner(seed);
    TraceEmitter emitter = new TraceEmitter(tracers);
    while (spans.size() < minSpans) {
      SpanPlan plan = planner.planDispatch();
      emitter.emit(plan, Clock.getDefault().now() - plan.endNs());
    }
    providers.forEach(SdkTracerProvider::close);
    return spans;
  }

  /** Keeps every ended span; the emitter runs on one thread, so a plain list is enough. */
  private record Collector(List<SpanData> spans) implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      spans.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }
}

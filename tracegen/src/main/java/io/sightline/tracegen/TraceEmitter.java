package io.sightline.tracegen;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a {@link SpanPlan} into real SDK spans with explicit timestamps. Not thread-safe. */
final class TraceEmitter {
  private static final Attributes PREVIOUS_REQUEST_LINK =
      Attributes.builder().put("link.kind", "previous_request").build();

  private final Map<Service, Tracer> tracers;
  private final TextMapPropagator propagator = W3CTraceContextPropagator.getInstance();
  /** The root of the last trace, target of the occasional link: a retry points at its original. */
  private SpanContext previousRoot = SpanContext.getInvalid();

  TraceEmitter(Map<Service, Tracer> tracers) {
    this.tracers = Map.copyOf(tracers);
  }

  /**
   * Emits the trace so that its root starts at {@code anchorEpochNanos}.
   *
   * @param anchorEpochNanos nanoseconds since the epoch
   */
  GeneratedTrace emit(SpanPlan root, long anchorEpochNanos) {
    Recorder recorder = new Recorder();
    SpanContext rootContext = emit(root, Context.root(), anchorEpochNanos, recorder);
    previousRoot = rootContext;
    return new GeneratedTrace(
        rootContext.getTraceId(),
        rootContext.getSpanId(),
        recorder.spanIds,
        recorder.errorSpans,
        anchorEpochNanos + root.startNs(),
        root.endNs() - root.startNs());
  }

  private SpanContext emit(SpanPlan plan, Context parent, long anchorEpochNanos, Recorder recorder) {
    SpanBuilder builder =
        tracers
            .get(plan.service())
            .spanBuilder(plan.name())
            .setSpanKind(plan.kind())
            .setParent(parent)
            .setStartTimestamp(anchorEpochNanos + plan.startNs(), NANOSECONDS)
            .setAllAttributes(plan.attributes());
    if (plan.linkToPrevious() && previousRoot.isValid()) {
      builder.addLink(previousRoot, PREVIOUS_REQUEST_LINK);
    }
    Span span = builder.startSpan();
    recorder.spanIds.add(span.getSpanContext().getSpanId());
    for (EventPlan event : plan.events()) {
      span.addEvent(event.name(), event.attributes(), anchorEpochNanos + event.atNs(), NANOSECONDS);
    }
    if (plan.isError()) {
      span.setStatus(StatusCode.ERROR, plan.errorDescription());
      recorder.errorSpans++;
    }
    Context current = parent.with(span);
    for (SpanPlan child : plan.children()) {
      Context childParent = child.kind() == SpanKind.SERVER ? overTheWire(current) : current;
      emit(child, childParent, anchorEpochNanos, recorder);
    }
    span.end(anchorEpochNanos + plan.endNs(), NANOSECONDS);
    return span.getSpanContext();
  }

  /**
   * Passes the context through W3C {@code traceparent} headers the way an HTTP or gRPC call
   * would, so a server span has a remote parent exactly as in an instrumented system.
   */
  private Context overTheWire(Context callerContext) {
    Map<String, String> headers = new HashMap<>();
    propagator.inject(callerContext, headers, Map::put);
    return propagator.extract(Context.root(), headers, HeaderGetter.INSTANCE);
  }

  private static final class Recorder {
    final List<String> spanIds = new ArrayList<>();
    int errorSpans;
  }

  private enum HeaderGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }
}

package io.sightline.tracegen;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import java.util.ArrayList;
import java.util.List;

/** Mutable builder of a {@link SpanPlan}: the planner learns a span's end only after its children. */
final class SpanDraft {
  private final Service service;
  private final String name;
  private final SpanKind kind;
  private final long startNs;
  private final AttributesBuilder attributes = Attributes.builder();
  private final List<EventPlan> events = new ArrayList<>();
  private final List<SpanPlan> children = new ArrayList<>();
  private String errorDescription;
  private boolean linkToPrevious;

  SpanDraft(Service service, String name, SpanKind kind, long startNs) {
    this.service = service;
    this.name = name;
    this.kind = kind;
    this.startNs = startNs;
  }

  long startNs() {
    return startNs;
  }

  SpanDraft put(String key, String value) {
    attributes.put(key, value);
    return this;
  }

  SpanDraft put(String key, long value) {
    attributes.put(key, value);
    return this;
  }

  SpanDraft put(String key, double value) {
    attributes.put(key, value);
    return this;
  }

  SpanDraft put(String key, boolean value) {
    attributes.put(key, value);
    return this;
  }

  SpanDraft put(String key, String... values) {
    attributes.put(key, values);
    return this;
  }

  SpanDraft put(String key, long... values) {
    attributes.put(key, values);
    return this;
  }

  SpanDraft put(String key, double... values) {
    attributes.put(key, values);
    return this;
  }

  SpanDraft event(String eventName, long atNs, Attributes eventAttributes) {
    events.add(new EventPlan(eventName, atNs, eventAttributes));
    return this;
  }

  SpanDraft child(SpanPlan child) {
    children.add(child);
    return this;
  }

  SpanDraft error(String description) {
    errorDescription = description;
    return this;
  }

  SpanDraft linkToPrevious() {
    linkToPrevious = true;
    return this;
  }

  SpanPlan end(long endNs) {
    return new SpanPlan(
        service,
        name,
        kind,
        startNs,
        Math.max(endNs, startNs),
        attributes.build(),
        List.copyOf(events),
        errorDescription,
        linkToPrevious,
        List.copyOf(children));
  }
}

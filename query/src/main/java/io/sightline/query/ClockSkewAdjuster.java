package io.sightline.query;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jaeger's clock-skew adjustment. Walking the span tree from each root, whenever a child runs
 * on another host than its parent and does not fit inside it (starts before it or ends after
 * it) although it is not longer than it, the child is assumed to be centred in its parent (the
 * network latency split equally both ways) and it, its logs and every descendant on its host
 * are shifted by that delta. A child longer than its parent is left alone: no shift can explain
 * it.
 *
 * <p>The shift is applied only up to {@code maxDeltaNanos}; beyond it (and always when it is 0,
 * Jaeger's default, which disables the adjustment) the span only gets a warning naming the delta.
 *
 * <p>A host is the process tag {@code ip}, as in Jaeger. OTLP resources seldom carry one, and
 * Jaeger then compares every child with its parent, moving a service's own asynchronous spans;
 * here the host falls back to {@code host.name}, then to the service name, so spans of one
 * process are never shifted against each other.
 */
final class ClockSkewAdjuster implements TraceAdjuster {
    static final String WARNING_DUPLICATE_ID = "duplicate span IDs; skipping clock skew adjustment";
    private static final String IP_KEY = "ip";
    private static final String HOST_NAME_KEY = "host.name";

    private final long maxDeltaNanos;

    /** @param maxDeltaNanos the largest shift applied, ns; 0 disables shifting (warnings only) */
    ClockSkewAdjuster(long maxDeltaNanos) {
        if (maxDeltaNanos < 0) {
            throw new IllegalArgumentException("maxDeltaNanos: " + maxDeltaNanos + " (expected: >= 0)");
        }
        this.maxDeltaNanos = maxDeltaNanos;
    }

    /** A span's position and what its children inherit: its host and the delta applied there. */
    private record Visit(int index, int parentIndex, String inheritedHost, long inheritedDeltaNanos) {}

    @Override
    public void adjust(AdjustableTrace trace) {
        Map<Long, Integer> indexById = new HashMap<>();
        for (int i = 0; i < trace.size(); i++) {
            if (indexById.putIfAbsent(trace.span(i).spanId(), i) != null) {
                trace.warn(i, WARNING_DUPLICATE_ID);
            }
        }
        Map<Integer, List<Integer>> children = new HashMap<>();
        List<Integer> roots = new ArrayList<>();
        for (int i : indexById.values()) {
            Span span = trace.span(i);
            Integer parent = span.isRoot() ? null : indexById.get(span.parentSpanId());
            if (parent == null || parent == i) {
                if (!span.isRoot()) {
                    trace.warn(i, "parent span ID=" + io.sightline.core.model.HexIds.toHex16(span.parentSpanId())
                            + " is not in the trace; skipping clock skew adjustment");
                }
                roots.add(i);
            } else {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(i);
            }
        }
        roots.sort(null);
        children.values().forEach(list -> list.sort(null));
        // Iterative, parents before children: a 100k-span chain must not overflow the stack.
        Deque<Visit> pending = new ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            int root = roots.get(i);
            pending.push(new Visit(root, -1, hostOf(trace.span(root)), 0));
        }
        while (!pending.isEmpty()) {
            Visit visit = pending.pop();
            Span span = trace.span(visit.index());
            String host = hostOf(span);
            long delta = visit.inheritedDeltaNanos();
            if (visit.parentIndex() >= 0 && !host.equals(visit.inheritedHost())) {
                delta = skewNanos(span, trace.span(visit.parentIndex()));
            }
            long applied = apply(trace, visit.index(), delta);
            List<Integer> kids = children.getOrDefault(visit.index(), List.of());
            for (int k = kids.size() - 1; k >= 0; k--) {
                pending.push(new Visit(kids.get(k), visit.index(), host, applied));
            }
        }
    }

    /**
     * The shift that centres {@code child} in {@code parent} (already adjusted), or 0 when the
     * child fits already or is longer than the parent.
     */
    static long skewNanos(Span child, Span parent) {
        long parentDuration = parent.durationNanos();
        long childDuration = child.durationNanos();
        if (parentDuration < childDuration) {
            return 0;
        }
        long parentStart = parent.startEpochNanos();
        long childStart = child.startEpochNanos();
        if (childStart >= parentStart && childStart + childDuration <= parentStart + parentDuration) {
            return 0;
        }
        long latency = (parentDuration - childDuration) / 2;
        return parentStart + latency - childStart;
    }

    /**
     * Shifts the span by {@code deltaNanos} when allowed, else warns. Returns the delta its
     * same-host children inherit: Jaeger hands the computed delta down whether applied or not,
     * so each of them carries the same warning.
     */
    private long apply(AdjustableTrace trace, int index, long deltaNanos) {
        if (deltaNanos == 0) {
            return 0;
        }
        if (Math.abs(deltaNanos) > maxDeltaNanos) {
            if (maxDeltaNanos == 0) {
                trace.warn(index, "clock skew adjustment disabled; not applying calculated delta of "
                        + GoDuration.format(deltaNanos));
            } else {
                trace.warn(index, "max clock skew adjustment delta of " + GoDuration.format(maxDeltaNanos)
                        + " exceeded; not applying calculated delta of " + GoDuration.format(deltaNanos));
            }
            return deltaNanos;
        }
        Span span = trace.span(index);
        List<SpanEvent> events = new ArrayList<>(span.events().size());
        for (SpanEvent event : span.events()) {
            events.add(new SpanEvent(event.epochNanos() + deltaNanos, event.name(), event.attributes()));
        }
        trace.replace(index, span.toBuilder()
                .startEpochNanos(span.startEpochNanos() + deltaNanos)
                .events(events)
                .build());
        trace.warn(index, "This span's timestamps were adjusted by " + GoDuration.format(deltaNanos));
        return deltaNanos;
    }

    /** The process tag {@code ip} (a number as a dotted quad), else {@code host.name}, else the service. */
    static String hostOf(Span span) {
        Resource resource = span.resource();
        String hostName = null;
        for (Attribute attribute : resource.attributes()) {
            if (attribute.key().equals(IP_KEY)) {
                AttributeValue value = attribute.value();
                return value instanceof AttributeValue.LongValue ip
                        ? IpTags.dottedQuad(ip.value()) : value.asString();
            }
            if (attribute.key().equals(HOST_NAME_KEY) && hostName == null) {
                hostName = attribute.value().asString();
            }
        }
        return hostName != null ? "host.name=" + hostName : "service.name=" + resource.serviceName();
    }
}

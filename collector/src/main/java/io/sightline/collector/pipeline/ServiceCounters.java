package io.sightline.collector.pipeline;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A spans counter and a root-spans counter whose labels besides debug, sampler type and svc are
 * fixed (one source, or one write result), with each label set's child looked up once and kept:
 * {@link Counter#labelValues} builds a new key on every call. A child is created on first use
 * only, so a label set never counted never shows as a 0 series.
 *
 * <p>Bounded: svc labels are capped by {@link ServiceNameLabels}.
 */
final class ServiceCounters {
    /** The counter's label values, in its label order. */
    @FunctionalInterface
    interface SpanLabels {
        String[] of(String debug, String svc);
    }

    /** The root-span counter's label values, in its label order. */
    @FunctionalInterface
    interface RootLabels {
        String[] of(String debug, String samplerType, String svc);
    }

    private final Counter spans;
    private final SpanLabels spanLabels;
    private final Counter roots;
    private final RootLabels rootLabels;
    private final ConcurrentHashMap<String, Children> bySvc = new ConcurrentHashMap<>();

    ServiceCounters(Counter spans, SpanLabels spanLabels, Counter roots, RootLabels rootLabels) {
        this.spans = spans;
        this.spanLabels = spanLabels;
        this.roots = roots;
        this.rootLabels = rootLabels;
    }

    void add(String svc, ServiceTally.Counts counts) {
        Children children = bySvc.get(svc);
        if (children == null) {
            children = bySvc.computeIfAbsent(svc, Children::new);
        }
        for (int debug = 0; debug < 2; debug++) {
            int spanCount = counts.spans(debug == 1);
            if (spanCount == 0) {
                continue;
            }
            children.span(debug).inc(spanCount);
            for (int sampler = 0; sampler < SamplerType.count(); sampler++) {
                int rootCount = counts.roots(debug == 1, SamplerType.ofOrdinal(sampler));
                if (rootCount > 0) {
                    children.root(debug, sampler).inc(rootCount);
                }
            }
        }
    }

    private static String debugLabel(int debug) {
        return debug == 1 ? "true" : "false";
    }

    /** The children of one svc label; a racing first use resolves the same child twice, harmlessly. */
    private final class Children {
        private final String svc;
        private final AtomicReferenceArray<CounterDataPoint> spansByDebug = new AtomicReferenceArray<>(2);
        private final AtomicReferenceArray<CounterDataPoint> rootsByDebugAndSampler =
                new AtomicReferenceArray<>(2 * SamplerType.count());

        Children(String svc) {
            this.svc = svc;
        }

        CounterDataPoint span(int debug) {
            CounterDataPoint child = spansByDebug.get(debug);
            if (child == null) {
                child = spans.labelValues(spanLabels.of(debugLabel(debug), svc));
                spansByDebug.set(debug, child);
            }
            return child;
        }

        CounterDataPoint root(int debug, int sampler) {
            int index = debug * SamplerType.count() + sampler;
            CounterDataPoint child = rootsByDebugAndSampler.get(index);
            if (child == null) {
                child = roots.labelValues(rootLabels.of(debugLabel(debug), SamplerType.ofOrdinal(sampler).label, svc));
                rootsByDebugAndSampler.set(index, child);
            }
            return child;
        }
    }
}

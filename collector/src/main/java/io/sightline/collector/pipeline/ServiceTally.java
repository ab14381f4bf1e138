package io.sightline.collector.pipeline;

import io.sightline.core.model.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's spans and root spans counted per service name, debug flag and sampler type: what the
 * received and saved counters need, gathered in the walk the pipeline makes anyway, so that the
 * counters are touched once per service and batch instead of once per span. Adding a span
 * allocates nothing once its service has been seen in the batch.
 *
 * <p>Filled by one thread, then only read: a queued batch carries its tally to the writer thread.
 */
final class ServiceTally {
    static final int DEBUG_FLAG = 2;

    /** The counts of one service name. */
    static final class Counts {
        final String serviceName;
        private final int[] spansByDebug = new int[2];
        private final int[] rootsByDebugAndSampler = new int[2 * SamplerType.count()];

        private Counts(String serviceName) {
            this.serviceName = serviceName;
        }

        int spans(boolean debug) {
            return spansByDebug[debug ? 1 : 0];
        }

        int roots(boolean debug, SamplerType sampler) {
            return rootsByDebugAndSampler[rootIndex(debug ? 1 : 0, sampler)];
        }
    }

    /** In the order first seen, so that service labels are handed out in span order as before. */
    private final List<Counts> services = new ArrayList<>(4);
    private final Map<String, Counts> byServiceName = new HashMap<>(8);
    /** Spans of one service usually come together: most lookups end here. */
    private Counts last;

    void add(Span span) {
        Counts counts = countsOf(span.serviceName());
        int debug = (span.flags() & DEBUG_FLAG) != 0 ? 1 : 0;
        counts.spansByDebug[debug]++;
        if (span.isRoot()) {
            counts.rootsByDebugAndSampler[rootIndex(debug, SamplerType.of(span))]++;
        }
    }

    List<Counts> services() {
        return services;
    }

    private Counts countsOf(String serviceName) {
        Counts counts = last;
        if (counts != null && (counts.serviceName == serviceName || counts.serviceName.equals(serviceName))) {
            return counts;
        }
        counts = byServiceName.get(serviceName);
        if (counts == null) {
            counts = new Counts(serviceName);
            byServiceName.put(serviceName, counts);
            services.add(counts);
        }
        last = counts;
        return counts;
    }

    private static int rootIndex(int debug, SamplerType sampler) {
        return debug * SamplerType.count() + sampler.ordinal();
    }
}

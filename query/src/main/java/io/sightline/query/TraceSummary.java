package io.sightline.query;

import io.sightline.core.model.Span;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a search result row shows of a trace (api_v3 {@code TraceSummary}), computed once for the
 * HTTP JSON and the gRPC answers. The root is the earliest span without a parent (the first
 * span when every span has one); errors are spans with status ERROR; orphans are spans whose
 * parent is not in the trace.
 *
 * @param services per service, sorted by name
 */
record TraceSummary(TraceId traceId, String rootServiceName, String rootOperationName,
                    long minStartEpochNanos, long maxEndEpochNanos, int spanCount, int errorSpanCount,
                    int orphanSpanCount, List<ServiceSummary> services) {

    record ServiceSummary(String name, int spanCount, int errorSpanCount) {}

    static TraceSummary of(Trace trace) {
        Set<Long> ids = new HashSet<>();
        for (Span span : trace.spans()) {
            ids.add(span.spanId());
        }
        Span root = null;
        long minStart = Long.MAX_VALUE;
        long maxEnd = Long.MIN_VALUE;
        int errors = 0;
        int orphans = 0;
        Map<String, int[]> services = new TreeMap<>();
        for (Span span : trace.spans()) {
            minStart = Math.min(minStart, span.startEpochNanos());
            maxEnd = Math.max(maxEnd, span.startEpochNanos() + span.durationNanos());
            boolean error = span.statusCode() == StatusCode.ERROR;
            errors += error ? 1 : 0;
            if (span.parentSpanId() == 0) {
                if (root == null || span.startEpochNanos() < root.startEpochNanos()) {
                    root = span;
                }
            } else if (!ids.contains(span.parentSpanId())) {
                orphans++;
            }
            int[] counts = services.computeIfAbsent(span.serviceName(), s -> new int[2]);
            counts[0]++;
            counts[1] += error ? 1 : 0;
        }
        if (root == null) {
            root = trace.spans().get(0);
        }
        List<ServiceSummary> perService = new ArrayList<>(services.size());
        services.forEach((name, counts) -> perService.add(new ServiceSummary(name, counts[0], counts[1])));
        return new TraceSummary(trace.traceId(), root.serviceName(), root.name(), minStart, maxEnd,
                trace.spans().size(), errors, orphans, List.copyOf(perService));
    }
}

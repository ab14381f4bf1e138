package io.sightline.query;

import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.DependencyLink;
import io.sightline.core.storage.StorageComponent;
import com.linecorp.armeria.common.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read logic every query API shares, whatever it speaks (v1 JSON, api_v2 and api_v3 gRPC):
 * a trace looked up in primary storage then in the archive, the adjusters, archiving, and
 * dependency links merged per pair. Failures are {@link ApiException}s, which each API turns
 * into its own status.
 */
final class TraceReads {
    private final StorageComponent storage;
    /** Where archived traces go, beyond retention; null when archiving is off. */
    private final StorageComponent archive;
    private final TraceAdjusters adjusters;

    TraceReads(StorageComponent storage, StorageComponent archive, long maxClockSkewAdjustmentNanos) {
        this.storage = storage;
        this.archive = archive;
        this.adjusters = new TraceAdjusters(maxClockSkewAdjustmentNanos);
    }

    StorageComponent storage() {
        return storage;
    }

    /** Primary storage first, then the archive, as Jaeger's query service looks a trace up. */
    Optional<Trace> find(TraceId traceId) {
        Optional<Trace> trace = storage.traceReader().getTrace(traceId);
        if (trace.isEmpty() && archive != null) {
            trace = archive.traceReader().getTrace(traceId);
        }
        return trace;
    }

    /** The trace as shown: adjusted unless {@code raw}. */
    AdjustableTrace adjust(Trace trace, boolean raw) {
        AdjustableTrace adjustable = AdjustableTrace.of(trace);
        if (!raw) {
            adjusters.adjust(adjustable);
        }
        return adjustable;
    }

    /**
     * Copies every span of the trace into the archive, which retention never expires.
     *
     * @throws ApiException 500 when archiving is off, 404 when the trace is nowhere
     */
    void archive(TraceId traceId) {
        if (archive == null) {
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "archive span storage was not configured");
        }
        Trace trace = find(traceId).orElseThrow(() -> ApiException.notFound("trace not found"));
        archive.spanWriter().write(trace.spans());
    }

    /**
     * Links within {@code (end − lookback, end]}, merged per (parent, child) with their counts
     * summed whatever the store returned; with {@code service} not empty, only the links it is
     * an end of.
     */
    List<DependencyLink> dependencies(long endEpochMicros, long lookbackMicros, String service) {
        Map<List<String>, Long> calls = new LinkedHashMap<>();
        for (DependencyLink link : storage.dependencyReader().getDependencies(endEpochMicros, lookbackMicros)) {
            if (service.isEmpty() || link.parent().equals(service) || link.child().equals(service)) {
                calls.merge(List.of(link.parent(), link.child()), link.callCount(), Long::sum);
            }
        }
        List<DependencyLink> merged = new ArrayList<>(calls.size());
        calls.forEach((pair, count) -> merged.add(new DependencyLink(pair.get(0), pair.get(1), count)));
        return merged;
    }
}

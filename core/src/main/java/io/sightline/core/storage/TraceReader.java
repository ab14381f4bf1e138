package io.sightline.core.storage;

import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads traces. */
public interface TraceReader {

    /**
     * Every stored span of the trace, ordered by start time then span ID; empty when nothing is
     * stored for that ID.
     */
    Optional<Trace> getTrace(TraceId traceId);

    /**
     * The IDs of the traces that match {@code query} (see {@link TraceQuery} for what matching
     * means), at most {@link TraceQuery#maxTraces()}, newest first: ordered by the start time of
     * each trace's newest matching span, descending.
     */
    List<TraceId> findTraceIds(TraceQuery query);

    /**
     * The traces of {@link #findTraceIds}, each one whole (every span, every service), in the
     * same order. A trace that expires between the two steps is left out.
     */
    default List<Trace> findTraces(TraceQuery query) {
        List<Trace> traces = new ArrayList<>();
        for (TraceId traceId : findTraceIds(query)) {
            getTrace(traceId).ifPresent(traces::add);
        }
        return traces;
    }
}

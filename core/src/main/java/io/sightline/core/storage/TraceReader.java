package io.sightline.core.storage;

import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import java.util.Optional;

/** Reads traces. */
public interface TraceReader {

    /**
     * Every stored span of the trace, ordered by start time then span ID; empty when nothing is
     * stored for that ID.
     */
    Optional<Trace> getTrace(TraceId traceId);
}

package io.sightline.core.storage;

import java.util.List;

/** The service call graph, computed from stored spans. */
public interface DependencyReader {

    /**
     * One link per (parent, child) service pair, with the calls summed, for the spans that
     * started within {@code [endEpochMicros - lookbackMicros, endEpochMicros]}. A parent span
     * counts wherever it was stored, so a trace that arrived in pieces is linked once it is
     * whole. Sorted by parent, then child.
     *
     * @param lookbackMicros the window length, µs (expected: > 0)
     */
    List<DependencyLink> getDependencies(long endEpochMicros, long lookbackMicros);
}

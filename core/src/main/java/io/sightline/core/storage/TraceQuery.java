package io.sightline.core.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A trace search, as Jaeger's {@code FindTraces} takes it. A trace matches when <em>one</em> of
 * its spans satisfies every condition at once: its service is {@code serviceName}, its name is
 * {@code operationName} (when set), it carries every tag of {@code tags} (each one in the span's
 * tags, its process tags or one of its log fields; see {@link SearchableTags}), it started within
 * {@code [startMinEpochMicros, startMaxEpochMicros]} and its own duration lies within
 * {@code [durationMinMicros, durationMaxMicros]}. All bounds are inclusive.
 *
 * @param serviceName required, non-empty
 * @param operationName an exact span name, or {@code null} for any
 * @param tags key to string value; typed values are matched by their string form ("123",
 *     "72.5", "true"); empty for no tag condition
 * @param startMinEpochMicros lower bound of span start time, µs since epoch
 * @param startMaxEpochMicros upper bound of span start time, µs since epoch
 * @param durationMinMicros lower bound of one span's duration, µs; 0 for none
 * @param durationMaxMicros upper bound of one span's duration, µs; {@link Long#MAX_VALUE} for none
 * @param maxTraces how many traces at most, newest first (expected: > 0)
 */
public record TraceQuery(
        String serviceName,
        String operationName,
        Map<String, String> tags,
        long startMinEpochMicros,
        long startMaxEpochMicros,
        long durationMinMicros,
        long durationMaxMicros,
        int maxTraces) {

    public TraceQuery {
        Objects.requireNonNull(serviceName, "serviceName");
        if (serviceName.isEmpty()) {
            throw new IllegalArgumentException("serviceName: \"\" (expected: a service name)");
        }
        if (operationName != null && operationName.isEmpty()) {
            operationName = null;
        }
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tags, "tags")));
        if (startMaxEpochMicros < startMinEpochMicros) {
            throw new IllegalArgumentException("startMaxEpochMicros: " + startMaxEpochMicros
                    + " (expected: >= startMinEpochMicros " + startMinEpochMicros + ")");
        }
        if (durationMinMicros < 0) {
            throw new IllegalArgumentException("durationMinMicros: " + durationMinMicros + " (expected: >= 0)");
        }
        if (durationMaxMicros < durationMinMicros) {
            throw new IllegalArgumentException("durationMaxMicros: " + durationMaxMicros
                    + " (expected: >= durationMinMicros " + durationMinMicros + ")");
        }
        if (maxTraces <= 0) {
            throw new IllegalArgumentException("maxTraces: " + maxTraces + " (expected: > 0)");
        }
    }

    /** A query for one service over a time window, with no other condition. */
    public static TraceQuery forService(String serviceName, long startMinEpochMicros,
                                        long startMaxEpochMicros, int maxTraces) {
        return new TraceQuery(serviceName, null, Map.of(), startMinEpochMicros, startMaxEpochMicros,
                0, Long.MAX_VALUE, maxTraces);
    }

    public boolean hasDurationBound() {
        return durationMinMicros > 0 || durationMaxMicros != Long.MAX_VALUE;
    }
}

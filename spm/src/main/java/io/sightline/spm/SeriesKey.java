package io.sightline.spm;

import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import java.util.Arrays;
import java.util.Objects;

/**
 * The identity of a series. One mutable instance per writer thread is refilled for every span
 * and used to probe the series map, so that the common path (series already exists) allocates
 * nothing; only a new series stores an immutable {@link #copy()}.
 */
final class SeriesKey {
    private String service;
    private String spanName;
    private SpanKind kind;
    private StatusCode status;
    private final String[] dimensions;
    private int hash;

    SeriesKey(int dimensionCount) {
        this.dimensions = new String[dimensionCount];
    }

    void set(String service, String spanName, SpanKind kind, StatusCode status) {
        this.service = service;
        this.spanName = spanName;
        this.kind = kind;
        this.status = status;
    }

    /** Call after {@link #set} and every {@link #dimension}. */
    void seal() {
        int h = service.hashCode();
        h = 31 * h + spanName.hashCode();
        h = 31 * h + kind.ordinal();
        h = 31 * h + status.ordinal();
        for (String dimension : dimensions) {
            h = 31 * h + dimension.hashCode();
        }
        hash = h;
    }

    void dimension(int index, String value) {
        dimensions[index] = value;
    }

    SeriesKey copy() {
        SeriesKey copy = new SeriesKey(dimensions.length);
        copy.set(service, spanName, kind, status);
        System.arraycopy(dimensions, 0, copy.dimensions, 0, dimensions.length);
        copy.hash = hash;
        return copy;
    }

    /** Label values in the order of {@link SpanMetricsAggregator#labelNames()}. */
    String[] labelValues() {
        String[] values = new String[4 + dimensions.length];
        values[0] = service;
        values[1] = spanName;
        values[2] = "SPAN_KIND_" + kind.name();
        values[3] = "STATUS_CODE_" + status.name();
        System.arraycopy(dimensions, 0, values, 4, dimensions.length);
        return values;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SeriesKey other)) {
            return false;
        }
        return hash == other.hash && kind == other.kind && status == other.status
                && service.equals(other.service) && spanName.equals(other.spanName)
                && Arrays.equals(dimensions, other.dimensions);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Objects.toString(service) + "/" + spanName + "/" + kind + "/" + status + Arrays.toString(dimensions);
    }
}

package io.sightline.query;

import io.sightline.core.model.Span;
import io.sightline.core.model.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * One trace while the adjusters work on it: its spans in storage order, each with the warnings
 * the adjusters attached to it (shown by the UI on the span).
 */
final class AdjustableTrace {
    private final List<Span> spans;
    /** Parallel to {@link #spans}; null where a span has no warning, which is most of them. */
    private final List<List<String>> warnings;

    AdjustableTrace(List<Span> spans) {
        this.spans = new ArrayList<>(spans);
        this.warnings = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            warnings.add(null);
        }
    }

    static AdjustableTrace of(Trace trace) {
        return new AdjustableTrace(trace.spans());
    }

    int size() {
        return spans.size();
    }

    Span span(int index) {
        return spans.get(index);
    }

    List<Span> spans() {
        return List.copyOf(spans);
    }

    void replace(int index, Span span) {
        spans.set(index, span);
    }

    void remove(int index) {
        spans.remove(index);
        warnings.remove(index);
    }

    void warn(int index, String warning) {
        List<String> list = warnings.get(index);
        if (list == null) {
            list = new ArrayList<>(1);
            warnings.set(index, list);
        }
        list.add(warning);
    }

    /** The span's warnings, empty when none. */
    List<String> warnings(int index) {
        List<String> list = warnings.get(index);
        return list == null ? List.of() : List.copyOf(list);
    }
}

package io.sightline.core.model;

import java.util.Objects;

/** The instrumentation library that produced a span; both fields may be empty. */
public record InstrumentationScope(String name, String version) {
    public static final InstrumentationScope EMPTY = new InstrumentationScope("", "");

    public InstrumentationScope {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    public boolean isEmpty() {
        return name.isEmpty() && version.isEmpty();
    }
}

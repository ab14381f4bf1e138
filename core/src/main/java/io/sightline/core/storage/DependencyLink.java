package io.sightline.core.storage;

import java.util.Objects;

/**
 * Calls from one service to another: a span of {@code child} whose parent span belongs to
 * {@code parent}, counted once per such span.
 */
public record DependencyLink(String parent, String child, long callCount) {
    public DependencyLink {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(child, "child");
        if (callCount <= 0) {
            throw new IllegalArgumentException("callCount: " + callCount + " (expected: > 0)");
        }
    }
}

package io.sightline.core.storage;

import java.util.Objects;

/** The result of a storage health check. */
public record HealthStatus(boolean healthy, String message) {
    public static final HealthStatus OK = new HealthStatus(true, "ok");

    public HealthStatus {
        Objects.requireNonNull(message, "message");
    }

    public static HealthStatus unhealthy(String message) {
        return new HealthStatus(false, message);
    }
}

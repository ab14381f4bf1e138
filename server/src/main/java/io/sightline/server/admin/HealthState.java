package io.sightline.server.admin;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Whether the server is ready to serve: set once every port is open, cleared at shutdown. */
public final class HealthState {
    private final AtomicReference<Instant> upSince = new AtomicReference<>();

    public void ready(Instant since) {
        upSince.set(since);
    }

    public void unavailable() {
        upSince.set(null);
    }

    /** When the server became ready, or {@code null} while it is not. */
    public Instant upSince() {
        return upSince.get();
    }
}

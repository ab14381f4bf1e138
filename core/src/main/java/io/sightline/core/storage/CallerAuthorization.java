package io.sightline.core.storage;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The caller's credentials for one storage read, for backends that forward them (Jaeger's
 * {@code QUERY_BEARER_TOKEN_PROPAGATION}: the query API's {@code Authorization} header reaches
 * the OpenSearch cluster, so that the cluster's own access rules apply to each user). The query
 * layer sets it around a read; a backend reads it on the same thread. A thread-local rather than
 * an SPI parameter, because only one backend needs it and every read method would otherwise
 * carry it.
 */
public final class CallerAuthorization {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private CallerAuthorization() {}

    /** Runs {@code read} with {@code authorization} (an HTTP {@code Authorization} value) as the caller's; null runs it as is. */
    public static <T> T with(String authorization, Supplier<T> read) {
        Objects.requireNonNull(read, "read");
        if (authorization == null) {
            return read.get();
        }
        String previous = CURRENT.get();
        CURRENT.set(authorization);
        try {
            return read.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The {@code Authorization} value of the read running on this thread, or null. */
    public static String current() {
        return CURRENT.get();
    }
}

package io.sightline.spm;

/**
 * The {@code Authorization} header of the query being served, for the Prometheus reader to
 * forward ({@code QUERY_BEARER_TOKEN_PROPAGATION}), as Jaeger does so that a Prometheus behind
 * an authenticating proxy sees the caller's identity. Set and cleared around each query on the
 * thread that runs it.
 */
final class ForwardedAuthorization {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private ForwardedAuthorization() {}

    static void set(String authorization) {
        if (authorization == null || authorization.isEmpty()) {
            CURRENT.remove();
        } else {
            CURRENT.set(authorization);
        }
    }

    static String get() {
        return CURRENT.get();
    }

    static void clear() {
        CURRENT.remove();
    }
}

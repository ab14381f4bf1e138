package io.sightline.storage.opensearch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the templates are in place. The store starts even when the cluster is down; the first
 * write or health check after it comes back puts the templates, so nothing needs a restart.
 */
final class ClusterReadiness {
    private static final Logger log = LoggerFactory.getLogger(ClusterReadiness.class);

    private final ClusterClient client;
    private final IndexLayout layout;
    private final OpenSearchStorageOptions options;
    private volatile boolean ready;

    ClusterReadiness(ClusterClient client, IndexLayout layout, OpenSearchStorageOptions options) {
        this.client = client;
        this.layout = layout;
        this.options = options;
        this.ready = !options.createTemplates();
    }

    /** Puts the templates unless done already; throws when the cluster cannot take them. */
    void ensureReady() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (!ready) {
                Templates.put(client, layout, options);
                ready = true;
                log.info("index templates for {}jaeger-span-* and {}jaeger-service-* in place at {}", layout.prefix(),
                        layout.prefix(), options.serverUrls());
            }
        }
    }

    /** Tries {@link #ensureReady()} once, logging instead of throwing. */
    void tryReady() {
        try {
            ensureReady();
        } catch (RuntimeException e) {
            log.warn("cluster not ready, will retry on the next write or health check: {}", e.getMessage());
        }
    }

    boolean ready() {
        return ready;
    }
}

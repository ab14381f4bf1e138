package io.sightline.storage.opensearch;

import io.sightline.core.storage.StorageException;

/**
 * The cluster could not be reached, or answered that it is overloaded or not ready (429, 502, 503,
 * 504). Retrying later may succeed; nothing of the failed request is known to be stored.
 */
public final class ClusterUnavailableException extends StorageException {
    private static final long serialVersionUID = 1L;

    ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    ClusterUnavailableException(String message) {
        super(message);
    }
}

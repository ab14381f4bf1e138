package io.sightline.core.storage;

import io.sightline.core.model.Span;
import java.util.List;

/** Writes spans. */
public interface SpanWriter {

    /**
     * Writes every span or none. When this returns, the spans are as durable as the backend's
     * mode promises (for the embedded store in its default mode: on disk, fsync'd).
     *
     * @throws StorageException when the write failed; nothing of the batch is visible then
     */
    void write(List<Span> spans);
}

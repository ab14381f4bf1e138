package io.sightline.core.storage;

import io.sightline.core.model.Span;
import java.util.List;

/**
 * Sees every batch of spans right after storage accepted it (SPM aggregation, sampling
 * throughput). Called on a storage-writer thread, never on an event loop; it must be quick and
 * must not keep {@code spans}, which the caller may reuse. An exception it throws is logged and
 * counted by the caller, and never fails the write.
 */
@FunctionalInterface
public interface StoredSpansListener {
    void onStored(List<Span> spans);
}

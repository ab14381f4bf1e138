package io.sightline.core.storage;

import io.sightline.core.model.SpanKind;
import java.util.List;

/** The names of services and their operations seen in stored spans. */
public interface ServiceCatalog {

    /** Every service name, sorted. */
    List<String> getServices();

    /**
     * The operations of {@code service}, sorted by name then kind.
     *
     * @param spanKind only operations of this kind, or every kind when {@code null}
     */
    List<Operation> getOperations(String service, SpanKind spanKind);
}

package io.sightline.core.storage;

/**
 * One storage backend: the factory for its narrow interfaces. A backend is opened by its own
 * module and closed once, after every writer has stopped.
 */
public interface StorageComponent extends AutoCloseable {

    SpanWriter spanWriter();

    TraceReader traceReader();

    ServiceCatalog serviceCatalog();

    DependencyReader dependencyReader();

    /** Cheap liveness check for the health endpoint; never throws. */
    HealthStatus check();

    /** Flushes and releases everything; idempotent. */
    @Override
    void close();
}

package io.sightline.storage.testkit;

import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.memory.InMemoryStorage;

/** The in-memory store passes the suite like every other backend. */
class InMemorySpanStoreTest extends SpanStoreConformanceTest {
    @Override
    protected StorageComponent storage() {
        return new InMemoryStorage(1_000_000);
    }
}

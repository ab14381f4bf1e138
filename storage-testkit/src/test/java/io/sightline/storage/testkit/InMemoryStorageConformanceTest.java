package io.sightline.storage.testkit;

import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.memory.InMemoryStorage;

/** The in-memory store passes the suite like every other backend. */
class InMemoryStorageConformanceTest extends StorageConformanceTest {
    @Override
    protected StorageComponent openStorage() {
        return new InMemoryStorage(100_000);
    }
}

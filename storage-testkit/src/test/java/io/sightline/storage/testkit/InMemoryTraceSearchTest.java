package io.sightline.storage.testkit;

import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.memory.InMemoryStorage;

class InMemoryTraceSearchTest extends TraceSearchConformanceTest {
    @Override
    protected StorageComponent storage() {
        return new InMemoryStorage(1_000_000);
    }
}

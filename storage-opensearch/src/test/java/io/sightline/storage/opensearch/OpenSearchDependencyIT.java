package io.sightline.storage.opensearch;

import io.sightline.core.storage.StorageComponent;
import io.sightline.storage.testkit.DependencyConformanceTest;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenSearchDependencyIT extends DependencyConformanceTest {
    @RegisterExtension
    static final SearchEngineExtension ENGINE = SearchEngineExtension.opensearch();

    @Override
    protected StorageComponent storage() throws Exception {
        return TestStores.fresh(ENGINE);
    }
}

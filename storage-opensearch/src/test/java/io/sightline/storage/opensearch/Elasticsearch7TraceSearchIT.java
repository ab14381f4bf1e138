package io.sightline.storage.opensearch;

import io.sightline.core.storage.StorageComponent;
import io.sightline.storage.testkit.TraceSearchConformanceTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same suite against Elasticsearch 7.17, which Jaeger users also run. */
class Elasticsearch7TraceSearchIT extends TraceSearchConformanceTest {
    @RegisterExtension
    static final SearchEngineExtension ENGINE = SearchEngineExtension.elasticsearch();

    @Override
    protected StorageComponent storage() throws Exception {
        return TestStores.fresh(ENGINE);
    }
}

package io.sightline.storage.rocksdb;

import io.sightline.core.storage.StorageComponent;
import io.sightline.storage.testkit.TraceSearchConformanceTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** With hourly partitions, so that the suite's windows and traces cross partitions. */
class RocksDbTraceSearchIT extends TraceSearchConformanceTest {
    @TempDir
    Path directory;

    @Override
    protected StorageComponent storage() {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(directory)
                .partitionDuration(Duration.ofHours(1)).build());
    }
}

package io.sightline.storage.rocksdb;

import io.sightline.core.storage.StorageComponent;
import io.sightline.storage.testkit.SpanStoreConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class RocksDbSpanStoreIT extends SpanStoreConformanceTest {
    @TempDir
    Path directory;

    @Override
    protected StorageComponent storage() {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(directory).build());
    }
}

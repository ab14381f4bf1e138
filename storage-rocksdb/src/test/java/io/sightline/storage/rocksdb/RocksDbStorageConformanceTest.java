package io.sightline.storage.rocksdb;

import io.sightline.core.storage.StorageComponent;
import io.sightline.storage.testkit.StorageConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class RocksDbStorageConformanceTest extends StorageConformanceTest {
    @TempDir
    Path directory;

    @Override
    protected StorageComponent openStorage() {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(directory).build());
    }
}

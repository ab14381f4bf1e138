package io.sightline.storage.rocksdb;

import io.sightline.core.storage.StorageComponent;
import io.sightline.storage.testkit.ServiceCatalogConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class RocksDbServiceCatalogIT extends ServiceCatalogConformanceTest {
    @TempDir
    Path directory;

    @Override
    protected StorageComponent storage() {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(directory).build());
    }
}

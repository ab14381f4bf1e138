package io.sightline.storage.rocksdb;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Compacts every span partition of a closed store fully (RocksDB {@code compactRange}), to show
 * what the data takes on disk once it sits in the bottom level (ZSTD, no overlapping files), next
 * to what the store's own background compactions left. A benchmark tool, not a feature: it sits
 * in the store's package inside the benchmarks module to reach the partitions, and reads the
 * store's private database handle by reflection, so the store needs no compaction API for it.
 *
 * <pre>
 * java -cp 'benchmarks/target/sightline-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' \
 *   io.sightline.storage.rocksdb.BigStoreCompaction /tmp/big/data [partition minutes]
 * </pre>
 */
public final class BigStoreCompaction {
  private BigStoreCompaction() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: BigStoreCompaction DATA_DIR [PARTITION_MINUTES]");
      System.exit(2);
    }
    Path dataDir = Path.of(args[0]);
    long partitionMinutes = args.length == 2 ? Long.parseLong(args[1]) : 24 * 60;
    long before = bytesUnder(dataDir);
    long t0 = System.nanoTime();
    compact(dataDir, Duration.ofMinutes(partitionMinutes));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long after = bytesUnder(dataDir);
    // One line for scripts: bytes before, bytes after, milliseconds.
    System.out.println(before + " " + after + " " + ms);
  }

  static void compact(Path dataDir, Duration partitionDuration) throws Exception {
    try (RocksDbStorage storage = RocksDbStorage.open(RocksDbStorageOptions.builder()
        .dataDirectory(dataDir).partitionDuration(partitionDuration).retention(Duration.ZERO).build())) {
      Field field = RocksDbStorage.class.getDeclaredField("db");
      field.setAccessible(true);
      RocksDB db = (RocksDB) field.get(storage);
      for (Partition partition : storage.partitions()) {
        try {
          db.compactRange(partition.handle());
        } catch (RocksDBException e) {
          throw new IllegalStateException("compacting partition " + partition.name() + " of " + dataDir + " failed", e);
        }
      }
    }
  }

  private static long bytesUnder(Path directory) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }
}

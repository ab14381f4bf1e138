package io.sightline.storage.rocksdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * Counts the entries of every span partition of a closed store by kind (spans, and each kind of
 * {@link IndexKeys} entry) with their raw key and value bytes, to show where the bytes on disk
 * come from. Reads everything: run it on a small fill, the shares do not depend on the size.
 *
 * <pre>
 * java -cp 'benchmarks/target/sightline-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' \
 *   io.sightline.storage.rocksdb.BigStoreKeyStats /tmp/big/data
 * </pre>
 */
public final class BigStoreKeyStats {
  private BigStoreKeyStats() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: BigStoreKeyStats DATA_DIR");
      System.exit(2);
    }
    Map<String, long[]> byKind = new TreeMap<>();
    long[] spanCount = {0};
    try (RocksDbStorage storage = RocksDbStorage.open(RocksDbStorageOptions.builder()
        .dataDirectory(Path.of(args[0])).retention(Duration.ZERO).build())) {
      java.lang.reflect.Field field = RocksDbStorage.class.getDeclaredField("db");
      field.setAccessible(true);
      RocksDB db = (RocksDB) field.get(storage);
      for (Partition partition : storage.partitions()) {
        try (RocksIterator it = db.newIterator(partition.handle())) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            byte[] key = it.key();
            long[] sums = byKind.computeIfAbsent(kind(key), k -> new long[3]);
            sums[0]++;
            sums[1] += key.length;
            sums[2] += it.value().length;
            if (SpanKeys.isPieceKey(key) && kind(key).equals("trace piece")) {
              spanCount[0] += TracePieces.entries(key, it.value()).size();
            }
          }
          it.status();
        }
      }
    }
    long spans = spanCount[0];
    System.out.println("kind                 entries  per span  key bytes  value bytes  raw bytes per span");
    for (Map.Entry<String, long[]> entry : byKind.entrySet()) {
      long[] sums = entry.getValue();
      System.out.printf(Locale.ROOT, "%-18s %10d %9.2f %10.1f %12.1f %12.1f%n", entry.getKey(), sums[0],
          (double) sums[0] / spans, (double) sums[1] / sums[0], (double) sums[2] / sums[0],
          (double) (sums[1] + sums[2]) / spans);
    }
  }

  /** "trace piece" for spans ({@link TracePieces}), else the index entry's kind letter (see {@link IndexKeys}). */
  private static String kind(byte[] key) {
    for (int i = 0; i < IndexKeys.ZERO_PREFIX_BYTES; i++) {
      if (key[i] != 0) {
        return "trace piece";
      }
    }
    return switch ((char) key[IndexKeys.ZERO_PREFIX_BYTES]) {
      case 's' -> "index s (service)";
      case 'o' -> "index o (operation)";
      case 'k' -> "index k (span tag column)";
      case 'r' -> "index r (source)";
      case 'd' -> "index d (source tag)";
      case 'b' -> "index b (batch trace list)";
      case 'R' -> "sources (resource, scope)";
      default -> "other";
    };
  }
}

package io.sightline.benchmarks.bigstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The 1, 5 and 15 minute load averages (Linux), recorded with every figure: the machine is shared. */
final class MachineLoad {
  private MachineLoad() {}

  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Sum of the sizes of every regular file under {@code directory}, or of those ending in {@code suffix}. */
  static long bytesUnder(Path directory, String suffix) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile)
          .filter(file -> suffix.isEmpty() || file.getFileName().toString().endsWith(suffix))
          .mapToLong(file -> {
            try {
              return Files.size(file);
            } catch (IOException e) {
              return 0; // a file RocksDB removed while we walked
            }
          }).sum();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("sizing " + directory, e);
    }
  }
}

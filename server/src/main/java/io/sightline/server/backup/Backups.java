package io.sightline.server.backup;

import io.sightline.storage.rocksdb.RocksDbStorage;
import io.sightline.storage.rocksdb.RocksDbStorageOptions;
import io.sightline.storage.rocksdb.SplitSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Snapshots of the embedded store and their restore. */
public final class Backups {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'snapshot-'yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final RocksDbStorage storage;
    private final Path backupDir;
    private final Clock clock;

    public Backups(RocksDbStorage storage, Path backupDir, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.backupDir = Objects.requireNonNull(backupDir, "backupDir");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Writes a snapshot into a new directory under the backup directory and returns it. */
    public synchronized Path snapshot() {
        try {
            Files.createDirectories(backupDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the backup directory " + backupDir + ": " + e.getMessage(), e);
        }
        Path target = backupDir.resolve(NAME.format(clock.instant()));
        for (int suffix = 1; Files.exists(target); suffix++) {
            target = backupDir.resolve(NAME.format(clock.instant()) + "-" + suffix);
        }
        storage.checkpoint(target);
        return target;
    }

    /**
     * Copies {@code snapshot} into {@code dataDir}, which must be missing or empty, then opens it
     * once to check it is a store this build reads.
     *
     * @return the number of files copied
     * @throws IllegalArgumentException naming what is wrong with either directory
     */
    public static int restore(Path snapshot, Path dataDir) {
        return restore(snapshot, dataDir, dataDir);
    }

    /**
     * Copies {@code snapshot} into {@code dataDir} and, when {@code valueDir} is another
     * directory, the span partitions' table files into {@code valueDir}; both must be missing or
     * empty. Either layout of snapshot (one directory, or with a {@code values} subdirectory)
     * restores into either layout. Then opens the store once to check it is one this build reads.
     *
     * @return the number of files copied
     * @throws IllegalArgumentException naming what is wrong with a directory
     */
    public static int restore(Path snapshot, Path dataDir, Path valueDir) {
        if (!Files.isDirectory(snapshot) || !Files.exists(snapshot.resolve("CURRENT"))) {
            throw new IllegalArgumentException("'" + snapshot + "' is not a snapshot (no CURRENT file in a directory)");
        }
        boolean separate = !valueDir.toAbsolutePath().normalize().equals(dataDir.toAbsolutePath().normalize());
        try {
            requireMissingOrEmpty(dataDir, "data directory");
            if (separate) {
                requireMissingOrEmpty(valueDir, "value directory");
            }
            Files.createDirectories(dataDir);
            int copied = copyFiles(snapshot, dataDir);
            Path values = snapshot.resolve(SplitSnapshot.VALUES);
            if (Files.isDirectory(values)) {
                // A table file's directory is only where RocksDB looks: next to the others is always right.
                copied += copyFiles(values, dataDir);
            }
            if (separate) {
                SplitSnapshot.separate(dataDir, valueDir);
            }
            try (RocksDbStorage check = RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(dataDir)
                    .valueDirectory(valueDir).build())) {
                check.check();
            }
            return copied;
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("'" + dataDir + "' already has " + e.getFile(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("restore of " + snapshot + " into " + dataDir + " failed: " + e.getMessage(), e);
        }
    }

    private static void requireMissingOrEmpty(Path dir, String what) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("'" + dir + "' is not empty: restore only into a new "
                            + "or empty " + what + ", so that nothing is overwritten");
                }
            }
        }
    }

    private static int copyFiles(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> entries = Files.list(from)) {
            files = entries.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Files.copy(file, to.resolve(file.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return files.size();
    }
}

package io.sightline.storage.rocksdb;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The checks made before RocksDB touches a data directory, and the translation of RocksDB's
 * open errors into one line that says which problem and where. Nothing here deletes or
 * rewrites a file.
 */
final class StoreDirectory {
    /** Files that hold data: table files, write-ahead logs, blob files. */
    private static final Pattern DATA_FILE = Pattern.compile("\\d+\\.(sst|log|blob)");

    private StoreDirectory() {}

    /** Creates the directory when missing and checks that this process may own it. */
    static void prepare(Path directory) {
        createWritable(directory);
        if (!Files.exists(directory.resolve("CURRENT")) && holdsDataFiles(directory)) {
            // RocksDB would start a new, empty store here and later delete these files as obsolete.
            throw new RocksDbOpenException(directory, "the store is damaged: it holds data files but no CURRENT file"
                    + " (nothing was changed; restore it from a backup or move it away)", null);
        }
    }

    /**
     * Creates the separate directory of the partitions' table files when missing. Table files
     * there with no store in the data directory are refused: RocksDB would delete them as obsolete.
     */
    static void prepareValueDirectory(Path valueDirectory, Path dataDirectory) {
        createWritable(valueDirectory);
        if (!Files.exists(dataDirectory.resolve("CURRENT")) && holdsDataFiles(valueDirectory)) {
            throw new RocksDbOpenException(valueDirectory, "the value directory holds table files but the data directory "
                    + dataDirectory + " has no store (nothing was changed; give the data directory these files belong"
                    + " with, or move them away)", null);
        }
    }

    /** For a read-only store: there must already be a store, made by the process that owns it. */
    static void requireStore(Path directory) {
        if (!Files.isDirectory(directory) || !Files.exists(directory.resolve("CURRENT"))) {
            throw new RocksDbOpenException(directory, "there is no store to open read-only (no CURRENT file);"
                    + " start the process that owns the store first, with the same data directory", null);
        }
    }

    /** A new directory under the system's temporary directory. */
    static Path createTemporary(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new RocksDbOpenException(Path.of(System.getProperty("java.io.tmpdir")),
                    "cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    /** Deletes a directory made by {@link #createTemporary} with everything in it; null does nothing. */
    static void deleteTemporary(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete the temporary directory " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    private static void createWritable(Path directory) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new RocksDbOpenException(directory, "it is a file, not a directory", null);
        }
        try {
            Files.createDirectories(directory);
        } catch (AccessDeniedException e) {
            throw new RocksDbOpenException(directory, "the directory cannot be created: permission denied on "
                    + e.getFile(), e);
        } catch (FileSystemException e) {
            Path blocker = firstFileAbove(directory);
            String reason = blocker != null ? blocker + " is a file, not a directory"
                    : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            throw new RocksDbOpenException(directory, "the directory cannot be created: " + reason, e);
        } catch (IOException e) {
            throw new RocksDbOpenException(directory, "the directory cannot be created: " + e.getMessage(), e);
        }
        if (!Files.isWritable(directory)) {
            throw new RocksDbOpenException(directory, "the directory is not writable by this user", null);
        }
    }

    /** The column families of the store in {@code directory}; empty when there is no store yet. */
    static List<byte[]> columnFamilies(Path directory) {
        if (!Files.exists(directory.resolve("CURRENT"))) {
            return List.of();
        }
        try (Options options = new Options()) {
            return RocksDB.listColumnFamilies(options, directory.toString());
        } catch (RocksDBException e) {
            throw openFailure(directory, e);
        }
    }

    static RocksDbOpenException openFailure(Path directory, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (message.contains("/LOCK") || lower.contains("lock hold") || lower.contains("while lock file")) {
            return new RocksDbOpenException(directory,
                    "the directory is locked by another process (is another Sightline using it?)", e);
        }
        if (lower.contains("permission denied") || lower.contains("read-only file system")) {
            return new RocksDbOpenException(directory, "the directory is not writable: " + message, e);
        }
        if (lower.contains("no space left")) {
            return new RocksDbOpenException(directory, "the disk is full: " + message, e);
        }
        if (lower.contains("no such file") && message.contains(".sst")) {
            // Most often a store with a separate value directory, opened with another (or none).
            return new RocksDbOpenException(directory, "a table file is missing (nothing was changed; a store made"
                    + " with a separate value directory opens only with that same value directory): " + message, e);
        }
        if (lower.contains("corruption") || message.contains("CURRENT") || message.contains("MANIFEST")) {
            return new RocksDbOpenException(directory, "the store is corrupted or incompatible (nothing was changed): "
                    + message, e);
        }
        return new RocksDbOpenException(directory, "RocksDB failed to open it: " + message, e);
    }

    /** The nearest existing ancestor when it is not a directory: what stops the directory from being created. */
    private static Path firstFileAbove(Path directory) {
        for (Path parent = directory.getParent(); parent != null; parent = parent.getParent()) {
            if (Files.exists(parent)) {
                return Files.isDirectory(parent) ? null : parent;
            }
        }
        return null;
    }

    private static boolean holdsDataFiles(Path directory) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (DATA_FILE.matcher(file.getFileName().toString()).matches()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new RocksDbOpenException(directory, "the directory cannot be listed: " + e.getMessage(), e);
        }
    }
}

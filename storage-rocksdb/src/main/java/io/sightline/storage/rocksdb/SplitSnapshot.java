package io.sightline.storage.rocksdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The snapshot of a store whose partitions' table files live in a separate value directory:
 * the data directory's files at the top of the snapshot, the value directory's table files in
 * its {@value #VALUES} subdirectory. Every table file's place is only a matter of which
 * directory RocksDB looks in, so the snapshot opens either way: with its {@value #VALUES} files
 * moved next to the others as one directory, or split again ({@link #separate}).
 */
public final class SplitSnapshot {
    /** The subdirectory of a snapshot holding the value directory's table files. */
    public static final String VALUES = "values";

    private SplitSnapshot() {}

    /**
     * Writes the files {@code live} names into the new directory {@code target}: table files are
     * hard-linked (copied across file systems), the manifest copied up to the size that
     * describes them, and {@code CURRENT} written to name it.
     */
    static void write(RocksDB.LiveFiles live, Path dataDirectory, Path valueDirectory, Path target) {
        try {
            Files.createDirectory(target);
            Path values = Files.createDirectory(target.resolve(VALUES));
            String manifest = null;
            for (String listed : live.files) {
                String name = listed.startsWith("/") ? listed.substring(1) : listed;
                if (name.equals("CURRENT")) {
                    continue;
                }
                if (name.startsWith("MANIFEST-")) {
                    manifest = name;
                    copyPrefix(dataDirectory.resolve(name), target.resolve(name), live.manifestFileSize);
                } else if (name.endsWith(".sst") || name.endsWith(".blob")) {
                    Path inData = dataDirectory.resolve(name);
                    if (Files.exists(inData)) {
                        link(inData, target.resolve(name));
                    } else {
                        link(valueDirectory.resolve(name), values.resolve(name));
                    }
                } else {
                    Files.copy(dataDirectory.resolve(name), target.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            if (manifest == null) {
                throw new IOException("RocksDB listed no manifest among the live files");
            }
            Files.writeString(target.resolve("CURRENT"), manifest + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new io.sightline.core.storage.StorageException("snapshot of the storage in " + dataDirectory
                    + " (values in " + valueDirectory + ") into " + target + " failed: " + e, e);
        }
    }

    /**
     * Moves the table files of the span partitions of the store in {@code dataDirectory}, which
     * must hold all of its files and be closed, into {@code valueDirectory}, so that it opens
     * with that value directory. Used by restore, whatever layout the snapshot had.
     *
     * @return the number of files moved
     */
    public static int separate(Path dataDirectory, Path valueDirectory) {
        List<String> partitionFiles = new ArrayList<>();
        List<byte[]> families = StoreDirectory.columnFamilies(dataDirectory);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        families.forEach(name -> descriptors.add(new ColumnFamilyDescriptor(name)));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        // Read-only: nothing is compacted or deleted while the files are listed.
        try (DBOptions options = new DBOptions();
                RocksDB db = RocksDB.openReadOnly(options, dataDirectory.toString(), descriptors, handles)) {
            try {
                for (LiveFileMetaData file : db.getLiveFilesMetaData()) {
                    if (Partitions.isPartitionName(new String(file.columnFamilyName(), StandardCharsets.UTF_8))) {
                        partitionFiles.add(file.fileName().startsWith("/") ? file.fileName().substring(1) : file.fileName());
                    }
                }
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        } catch (RocksDBException e) {
            throw StoreDirectory.openFailure(dataDirectory, e);
        }
        try {
            Files.createDirectories(valueDirectory);
            for (String name : partitionFiles) {
                Files.move(dataDirectory.resolve(name), valueDirectory.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moving the partitions' table files from " + dataDirectory + " to "
                    + valueDirectory + " failed: " + e, e);
        }
        return partitionFiles.size();
    }

    private static void link(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static void copyPrefix(Path source, Path target, long bytes) throws IOException {
        try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 << 10];
            long left = bytes;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new IOException(source + " is shorter than the " + bytes + " bytes RocksDB reported");
                }
                out.write(buffer, 0, read);
                left -= read;
            }
        }
    }
}

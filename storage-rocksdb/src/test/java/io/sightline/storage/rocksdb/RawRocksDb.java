package io.sightline.storage.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Plain RocksDB access for tests that prepare a directory the way another program would. */
final class RawRocksDb {
    private RawRocksDb() {}

    static void put(Path directory, String family, byte[] key, byte[] value) throws Exception {
        withFamily(directory, family, (db, handle) -> {
            db.put(handle, key, value);
            return null;
        });
    }

    static byte[] get(Path directory, String family, byte[] key) throws Exception {
        return withFamily(directory, family, (db, handle) -> db.get(handle, key));
    }

    static void delete(Path directory, String family, byte[] key) throws Exception {
        withFamily(directory, family, (db, handle) -> {
            db.delete(handle, key);
            return null;
        });
    }

    /** How many keys of the family start with {@code prefix}. */
    static int count(Path directory, String family, byte[] prefix) throws Exception {
        return withFamily(directory, family, (db, handle) -> {
            int count = 0;
            try (org.rocksdb.RocksIterator it = db.newIterator(handle)) {
                for (it.seek(prefix); it.isValid() && SpanKeys.hasPrefix(it.key(), prefix); it.next()) {
                    count++;
                }
            }
            return count;
        });
    }

    private interface Action<T> {
        T run(RocksDB db, ColumnFamilyHandle handle) throws Exception;
    }

    private static <T> T withFamily(Path directory, String family, Action<T> action) throws Exception {
        List<byte[]> names = new ArrayList<>();
        if (Files.exists(directory.resolve("CURRENT"))) {
            try (Options options = new Options()) {
                names.addAll(RocksDB.listColumnFamilies(options, directory.toString()));
            }
        } else {
            names.add(RocksDB.DEFAULT_COLUMN_FAMILY);
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        names.forEach(name -> descriptors.add(new ColumnFamilyDescriptor(name)));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true);
                RocksDB db = RocksDB.open(options, directory.toString(), descriptors, handles)) {
            try {
                for (int i = 0; i < names.size(); i++) {
                    if (new String(names.get(i), StandardCharsets.UTF_8).equals(family)) {
                        return action.run(db, handles.get(i));
                    }
                }
                throw new AssertionError("no column family " + family + " in " + directory);
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
    }
}

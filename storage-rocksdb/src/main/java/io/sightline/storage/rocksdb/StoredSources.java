package io.sightline.storage.rocksdb;

import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.storage.StorageException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The resources and scopes of stored spans, each kept once per partition rather than in every
 * span: a process's resource (host, pid, versions, instance ID) is the same in all its spans
 * and was most of a span's stored bytes. A source is named by its content (the first 128 bits
 * of the SHA-256 of its encoding), so the same source gets the same ID in every batch and
 * partition and across restarts, without a table to keep; a crafted collision is not feasible.
 *
 * <pre>
 * key    = zero(16) ‖ 'R' ‖ id(16)
 * value  = serviceName:str ‖ attributes (as in {@link SpanCodec}) ‖ scopeName:str ‖ scopeVersion:str
 * </pre>
 * The decoded sources met by reads are kept, up to {@link #MAX_CACHED}: an ID names one content
 * forever, so a kept entry can never be stale. Thread-safe.
 */
final class StoredSources {
    static final int MAX_CACHED = 4_096;
    private static final byte KIND = 'R';
    static final int KEY_BYTES = IndexKeys.ZERO_PREFIX_BYTES + 1 + 16;

    /** A resource and scope as spans carry them. */
    record Source(Resource resource, InstrumentationScope scope) {}

    /** The content ID of an encoded source. */
    record Id(long high, long low) {
        static Id of(byte[] encodedSource) {
            byte[] digest = sha256().digest(encodedSource);
            return new Id(io.sightline.core.model.HexIds.readLong(digest, 0),
                    io.sightline.core.model.HexIds.readLong(digest, 8));
        }

        byte[] key() {
            byte[] key = new byte[KEY_BYTES];
            key[IndexKeys.ZERO_PREFIX_BYTES] = KIND;
            io.sightline.core.model.HexIds.writeLong(key, IndexKeys.ZERO_PREFIX_BYTES + 1, high);
            io.sightline.core.model.HexIds.writeLong(key, IndexKeys.ZERO_PREFIX_BYTES + 9, low);
            return key;
        }

        @Override
        public String toString() {
            return io.sightline.core.model.HexIds.toHex16(high) + io.sightline.core.model.HexIds.toHex16(low);
        }
    }

    /** A source ready to store: its encoding and ID. */
    record Encoded(Id id, byte[] value) {
        static Encoded of(Resource resource, InstrumentationScope scope) {
            byte[] value = SpanCodec.encodeSource(resource, scope);
            return new Encoded(Id.of(value), value);
        }
    }

    private final ConcurrentHashMap<Id, Source> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Source, Encoded> encodedByContent = new ConcurrentHashMap<>();

    /**
     * The stored form of a resource and scope, kept up to {@link #MAX_CACHED}: senders whose
     * batches carry a new but equal resource instance per request, or per span, would otherwise
     * cost an encoding and a SHA-256 each time.
     */
    Encoded encode(Resource resource, InstrumentationScope scope) {
        Source content = new Source(resource, scope);
        Encoded encoded = encodedByContent.get(content);
        if (encoded == null) {
            encoded = Encoded.of(resource, scope);
            if (encodedByContent.size() >= MAX_CACHED) {
                encodedByContent.clear();
            }
            encodedByContent.put(content, encoded);
        }
        return encoded;
    }

    /**
     * The source {@code id} in the partition {@code handle} (named {@code partitionName} in errors).
     *
     * @throws StorageException when the partition does not hold it, or it does not parse
     */
    Source resolve(RocksDB db, ColumnFamilyHandle handle, ReadOptions read, Id id, String partitionName) {
        Source source = cache.get(id);
        if (source != null) {
            return source;
        }
        byte[] value;
        try {
            value = db.get(handle, read, id.key());
        } catch (RocksDBException e) {
            throw new StorageException("reading source " + id + " of partition " + partitionName + " failed: "
                    + e.getMessage(), e);
        }
        if (value == null) {
            throw new StorageException("partition " + partitionName + " holds spans of source " + id
                    + " but not the source itself (the store is damaged)");
        }
        source = SpanCodec.decodeSource(value);
        if (cache.size() >= MAX_CACHED) {
            // Cheaper than an LRU, and a full cache only happens with thousands of processes.
            cache.clear();
        }
        cache.put(id, source);
        return source;
    }

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private static MessageDigest sha256() {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return digest;
    }
}

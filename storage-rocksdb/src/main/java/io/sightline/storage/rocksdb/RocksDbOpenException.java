package io.sightline.storage.rocksdb;

import io.sightline.core.storage.StorageException;

/** The data directory could not be opened; the message says why and where, in one line. */
public final class RocksDbOpenException extends StorageException {
    private static final long serialVersionUID = 1L;

    RocksDbOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}

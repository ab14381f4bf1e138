package io.sightline.storage.rocksdb;

import io.sightline.core.storage.StorageException;
import java.nio.file.Path;

/**
 * The store could not be opened. The message is one line, "cannot open storage in
 * {@code <directory>}: {@code <problem>}", fit to end start-up with.
 */
public final class RocksDbOpenException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    RocksDbOpenException(Path directory, String problem, Throwable cause) {
        super(("cannot open storage in " + directory + ": " + problem).replaceAll("\\s*[\\r\\n]+\\s*", " "), cause);
        this.directory = directory;
    }

    /** The data directory that could not be opened. */
    public Path directory() {
        return directory;
    }
}

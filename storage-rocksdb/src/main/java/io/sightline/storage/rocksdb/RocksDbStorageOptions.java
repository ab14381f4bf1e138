package io.sightline.storage.rocksdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** How to open the embedded store. */
public final class RocksDbStorageOptions {
    private final Path dataDirectory;
    private final boolean syncWrites;
    private final Duration partitionDuration;

    private RocksDbStorageOptions(Builder builder) {
        this.dataDirectory = Objects.requireNonNull(builder.dataDirectory, "dataDirectory");
        this.syncWrites = builder.syncWrites;
        this.partitionDuration = builder.partitionDuration;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** When true (the default) every write is fsync'd before it returns: acknowledged means durable. */
    public boolean syncWrites() {
        return syncWrites;
    }

    /** The span start-time range of one partition; expiry will drop whole partitions. */
    public Duration partitionDuration() {
        return partitionDuration;
    }

    public static final class Builder {
        private Path dataDirectory;
        private boolean syncWrites = true;
        private Duration partitionDuration = Duration.ofDays(1);

        private Builder() {}

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        public Builder syncWrites(boolean syncWrites) {
            this.syncWrites = syncWrites;
            return this;
        }

        public Builder partitionDuration(Duration partitionDuration) {
            Objects.requireNonNull(partitionDuration, "partitionDuration");
            if (partitionDuration.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("partitionDuration: " + partitionDuration + " (expected: >= 1 minute)");
            }
            this.partitionDuration = partitionDuration;
            return this;
        }

        public RocksDbStorageOptions build() {
            return new RocksDbStorageOptions(this);
        }
    }
}

package io.sightline.storage.rocksdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** How to open the embedded store; immutable, made by {@link #builder()}. */
public final class RocksDbStorageOptions {
    private final Path dataDirectory;
    private final boolean syncWrites;
    private final Duration partitionDuration;
    private final Duration retention;
    private final Duration retentionCheckInterval;
    private final EpochClock clock;

    private RocksDbStorageOptions(Builder builder) {
        this.dataDirectory = Objects.requireNonNull(builder.dataDirectory, "dataDirectory");
        this.syncWrites = builder.syncWrites;
        this.partitionDuration = builder.partitionDuration;
        this.retention = builder.retention;
        this.retentionCheckInterval = builder.retentionCheckInterval;
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the store lives; created when missing. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * True (the default): every write is fsync'd before it returns, so an acknowledged span
     * survives {@code kill -9} and power loss. False: the write-ahead log is still written, so a
     * killed process loses nothing, but an OS crash may lose the last writes.
     */
    public boolean syncWrites() {
        return syncWrites;
    }

    /**
     * The span start-time range of one partition (default 1 day, whole minutes, at least 1
     * minute). Retention drops whole partitions, so this is also the granularity of expiry.
     */
    public Duration partitionDuration() {
        return partitionDuration;
    }

    /**
     * How long spans are kept (default 168 h, Jaeger's Badger default); zero keeps them forever.
     * A partition is dropped once all its spans started, and it was last written, longer ago
     * than this, so disk comes back within one partition duration of expiry.
     */
    public Duration retention() {
        return retention;
    }

    /** How often expired partitions are looked for (default 1 minute). */
    public Duration retentionCheckInterval() {
        return retentionCheckInterval;
    }

    EpochClock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "RocksDbStorageOptions{dataDirectory=" + dataDirectory + ", syncWrites=" + syncWrites
                + ", partitionDuration=" + partitionDuration + ", retention=" + retention + '}';
    }

    public static final class Builder {
        private Path dataDirectory;
        private boolean syncWrites = true;
        private Duration partitionDuration = Duration.ofDays(1);
        private Duration retention = Duration.ofHours(168);
        private Duration retentionCheckInterval = Duration.ofMinutes(1);
        private EpochClock clock = EpochClock.SYSTEM;

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
            // Partition names have minute precision; whole minutes keep one name per partition.
            if (partitionDuration.compareTo(Duration.ofMinutes(1)) < 0
                    || !partitionDuration.equals(Duration.ofMinutes(partitionDuration.toMinutes()))) {
                throw new IllegalArgumentException("partitionDuration: " + partitionDuration
                        + " (expected: a whole number of minutes, at least 1)");
            }
            this.partitionDuration = partitionDuration;
            return this;
        }

        public Builder retention(Duration retention) {
            Objects.requireNonNull(retention, "retention");
            if (retention.isNegative()) {
                throw new IllegalArgumentException("retention: " + retention + " (expected: >= 0; 0 keeps spans forever)");
            }
            this.retention = retention;
            return this;
        }

        public Builder retentionCheckInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("retentionCheckInterval: " + interval + " (expected: > 0)");
            }
            this.retentionCheckInterval = interval;
            return this;
        }

        /** The time source for retention and partition records (tests only). */
        Builder clock(EpochClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @throws NullPointerException when no data directory was given
         */
        public RocksDbStorageOptions build() {
            return new RocksDbStorageOptions(this);
        }
    }
}

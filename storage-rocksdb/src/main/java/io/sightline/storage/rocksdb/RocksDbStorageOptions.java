package io.sightline.storage.rocksdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** How to open the embedded store; immutable, made by {@link #builder()}. */
public final class RocksDbStorageOptions {
    private final Path dataDirectory;
    private final Path valueDirectory;
    private final boolean ephemeral;
    private final boolean readOnly;
    private final Duration catchUpInterval;
    private final boolean syncWrites;
    private final Duration partitionDuration;
    private final Duration retention;
    private final Duration retentionCheckInterval;
    private final EpochClock clock;

    private RocksDbStorageOptions(Builder builder) {
        if (builder.ephemeral && builder.readOnly) {
            throw new IllegalArgumentException("ephemeral and readOnly together (expected: at most one of them;"
                    + " a read-only store reads the directory of another process, an ephemeral one has none)");
        }
        this.ephemeral = builder.ephemeral;
        this.readOnly = builder.readOnly;
        this.dataDirectory = builder.ephemeral ? builder.dataDirectory
                : Objects.requireNonNull(builder.dataDirectory, "dataDirectory");
        this.valueDirectory = builder.valueDirectory;
        this.catchUpInterval = builder.catchUpInterval;
        this.syncWrites = builder.syncWrites;
        this.partitionDuration = builder.partitionDuration;
        this.retention = builder.retention;
        this.retentionCheckInterval = builder.retentionCheckInterval;
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where the store lives; created when missing. With a separate {@link #valueDirectory()} it
     * keeps everything but the span partitions' table files: RocksDB's manifest, write-ahead log
     * and options, and the {@code meta} and {@code catalog} column families. Null only for an
     * ephemeral store made without one (it is ignored there anyway).
     */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Where the table files of the span partitions (spans and their search index entries, which
     * share a column family so that they expire together) are written; {@link #dataDirectory()}
     * when not set.
     */
    public Path valueDirectory() {
        return valueDirectory != null ? valueDirectory : dataDirectory;
    }

    /**
     * True: the store lives in a new temporary directory, deleted at {@link RocksDbStorage#close()};
     * the data and value directories are ignored and nothing survives the process.
     */
    public boolean ephemeral() {
        return ephemeral;
    }

    /**
     * True: the store is opened as a RocksDB secondary instance of a store that another process
     * (the primary) owns and writes. This one only reads: writes fail, retention and snapshots
     * are off, and it follows the primary every {@link #catchUpInterval()}.
     */
    public boolean readOnly() {
        return readOnly;
    }

    /** In read-only mode, how often the primary's new writes and partitions are looked for (default 5 s). */
    public Duration catchUpInterval() {
        return catchUpInterval;
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
        return "RocksDbStorageOptions{dataDirectory=" + dataDirectory + ", valueDirectory=" + valueDirectory()
                + ", ephemeral=" + ephemeral + ", readOnly=" + readOnly + ", syncWrites=" + syncWrites
                + ", partitionDuration=" + partitionDuration + ", retention=" + retention + '}';
    }

    public static final class Builder {
        private Path dataDirectory;
        private Path valueDirectory;
        private boolean ephemeral;
        private boolean readOnly;
        private Duration catchUpInterval = Duration.ofSeconds(5);
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

        /** A separate directory for the span partitions' table files; see {@link RocksDbStorageOptions#valueDirectory()}. */
        public Builder valueDirectory(Path valueDirectory) {
            this.valueDirectory = Objects.requireNonNull(valueDirectory, "valueDirectory");
            return this;
        }

        public Builder ephemeral(boolean ephemeral) {
            this.ephemeral = ephemeral;
            return this;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public Builder catchUpInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("catchUpInterval: " + interval + " (expected: > 0)");
            }
            this.catchUpInterval = interval;
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
         * @throws NullPointerException when no data directory was given to a store that is not ephemeral
         * @throws IllegalArgumentException when both ephemeral and read-only
         */
        public RocksDbStorageOptions build() {
            return new RocksDbStorageOptions(this);
        }
    }
}

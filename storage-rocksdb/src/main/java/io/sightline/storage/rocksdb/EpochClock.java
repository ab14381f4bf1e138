package io.sightline.storage.rocksdb;

/** The time the store reads, in epoch nanoseconds; a seam so that tests control it. */
@FunctionalInterface
public interface EpochClock {
    EpochClock SYSTEM = () -> {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };

    long nowEpochNanos();
}

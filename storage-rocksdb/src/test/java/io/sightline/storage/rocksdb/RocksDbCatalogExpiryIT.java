package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.SpanKind;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.ServiceCatalog;
import io.sightline.storage.testkit.TestSpans;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue never outlives the data: once every span of a service (or an operation) has
 * expired, the service (or operation) is no longer listed, now and after a restart; names that
 * still have spans stay.
 */
class RocksDbCatalogExpiryIT {
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(TestSpans.BASE_EPOCH_NANOS);

    private RocksDbStorage open() {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(dir)
                .partitionDuration(Duration.ofHours(1)).retention(Duration.ofHours(2)).clock(now::get).build());
    }

    private static void writeOldAndNew(RocksDbStorage storage) {
        // Hour 0: mysql (only here), frontend's "render" (only here) and its "HTTP GET /dispatch".
        storage.write(List.of(
                TestSpans.span(TraceId.of(0, 1), 1).resource(TestSpans.MYSQL).name("SQL SELECT").kind(SpanKind.CLIENT)
                        .startEpochNanos(TestSpans.at(0)).build(),
                TestSpans.span(TraceId.of(0, 1), 2).name("render").kind(SpanKind.INTERNAL)
                        .startEpochNanos(TestSpans.at(1)).build(),
                TestSpans.span(TraceId.of(0, 1), 3).startEpochNanos(TestSpans.at(2)).build()));
        // Hour 3: frontend's "HTTP GET /dispatch" again, and redis.
        storage.write(List.of(
                TestSpans.span(TraceId.of(0, 2), 1).startEpochNanos(TestSpans.at(3 * HOUR_NANOS)).build(),
                TestSpans.span(TraceId.of(0, 2), 2).resource(TestSpans.REDIS).name("GET").kind(SpanKind.CLIENT)
                        .startEpochNanos(TestSpans.at(3 * HOUR_NANOS + 1)).build()));
    }

    private static void assertOnlyLiveNamesListed(ServiceCatalog catalog) {
        assertThat(catalog.getServices()).containsExactly("frontend", "redis");
        assertThat(catalog.getOperations("frontend", null))
                .containsExactly(new Operation("HTTP GET /dispatch", SpanKind.SERVER));
        assertThat(catalog.getOperations("mysql", null)).isEmpty();
        assertThat(catalog.getOperations("redis", null)).containsExactly(new Operation("GET", SpanKind.CLIENT));
    }

    @Test
    void servicesAndOperationsWhoseSpansAllExpired_areNoLongerListed_evenAfterRestart() {
        try (RocksDbStorage storage = open()) {
            writeOldAndNew(storage);
            assertThat(storage.getServices()).containsExactly("frontend", "mysql", "redis");
            now.set(TestSpans.at(4 * HOUR_NANOS));
            assertThat(storage.expire(now.get())).containsExactly("spans-20261128T1200");
            assertOnlyLiveNamesListed(storage);
        }
        try (RocksDbStorage reopened = open()) {
            assertOnlyLiveNamesListed(reopened);
        }
    }

    @Test
    void whenEveryPartitionExpired_theCatalogueIsEmpty() {
        try (RocksDbStorage storage = open()) {
            writeOldAndNew(storage);
            now.set(TestSpans.at(10 * HOUR_NANOS));
            assertThat(storage.expire(now.get())).hasSize(2);
            assertThat(storage.getServices()).isEmpty();
            assertThat(storage.getOperations("frontend", null)).isEmpty();
        }
    }

    @Test
    void aNameSeenAgainAfterItExpired_isListedAgain() {
        try (RocksDbStorage storage = open()) {
            writeOldAndNew(storage);
            now.set(TestSpans.at(4 * HOUR_NANOS));
            storage.expire(now.get());
            storage.write(List.of(TestSpans.span(TraceId.of(0, 3), 1).resource(TestSpans.MYSQL).name("SQL SELECT")
                    .kind(SpanKind.CLIENT).startEpochNanos(TestSpans.at(4 * HOUR_NANOS)).build()));
            assertThat(storage.getServices()).containsExactly("frontend", "mysql", "redis");
        }
        try (RocksDbStorage reopened = open()) {
            assertThat(reopened.getServices()).containsExactly("frontend", "mysql", "redis");
            assertThat(reopened.getOperations("mysql", null)).containsExactly(new Operation("SQL SELECT", SpanKind.CLIENT));
        }
    }

    @Test
    void aNameWhoseOnlySpansArrivedLateIntoAnOldPartition_staysAsLongAsThatPartition() {
        try (RocksDbStorage storage = open()) {
            storage.write(List.of(TestSpans.span(TraceId.of(0, 4), 1).startEpochNanos(TestSpans.at(3 * HOUR_NANOS)).build()));
            now.set(TestSpans.at(4 * HOUR_NANOS));
            // Late: started in hour 0, arrives in hour 4, so hour 0's partition is kept until hour 6.
            storage.write(List.of(TestSpans.span(TraceId.of(0, 5), 1).resource(TestSpans.MYSQL)
                    .startEpochNanos(TestSpans.at(0)).build()));
            now.set(TestSpans.at(5 * HOUR_NANOS + HOUR_NANOS / 2));
            assertThat(storage.expire(now.get())).isEmpty();
            assertThat(storage.getServices()).containsExactly("frontend", "mysql");
            now.set(TestSpans.at(6 * HOUR_NANOS + 1));
            assertThat(storage.expire(now.get())).containsExactly("spans-20261128T1500", "spans-20261128T1200");
            assertThat(storage.getServices()).isEmpty();
        }
    }
}

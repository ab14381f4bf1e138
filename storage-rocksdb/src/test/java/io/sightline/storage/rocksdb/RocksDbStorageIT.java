package io.sightline.storage.rocksdb;

import static io.sightline.storage.testkit.TestSpans.DAY_NANOS;
import static io.sightline.storage.testkit.TestSpans.at;
import static io.sightline.storage.testkit.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.StorageException;
import io.sightline.core.storage.TraceQuery;
import io.sightline.storage.testkit.TestSpans;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded store does: survive reopening, keep batches whole, refuse what it cannot own. */
class RocksDbStorageIT {
    private static final TraceId TRACE = TraceId.of(0x1234, 0x5678);
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    @TempDir
    Path directory;

    private static RocksDbStorage open(Path dir) {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(dir).build());
    }

    private static RocksDbStorage open(Path dir, Duration partitionDuration) {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(dir)
                .partitionDuration(partitionDuration).build());
    }

    @Test
    void reopen_keepsEverySpanAndTheCatalogue() {
        Span span = TestSpans.everyField(TRACE, 1, 0, 0);
        Span nextDay = span(TRACE, 2).resource(TestSpans.MYSQL).name("SQL SELECT").kind(SpanKind.CLIENT)
                .startEpochNanos(at(DAY_NANOS)).build();
        try (RocksDbStorage storage = open(directory)) {
            storage.write(List.of(span, nextDay));
        }
        try (RocksDbStorage storage = open(directory)) {
            assertThat(storage.getTrace(TRACE).orElseThrow().spans()).containsExactly(span, nextDay);
            assertThat(storage.getServices()).containsExactly("frontend", "mysql");
            assertThat(storage.getOperations("mysql", null)).containsExactly(new Operation("SQL SELECT", SpanKind.CLIENT));
            assertThat(storage.getOperations("frontend", null)).containsExactly(new Operation("HTTP GET /dispatch", SpanKind.SERVER));
            assertThat(storage.partitions()).extracting(Partition::name)
                    .containsExactly("spans-20261128T0000", "spans-20261129T0000");
            assertThat(storage.check().healthy()).isTrue();
        }
    }

    @Test
    void write_putsSpansIntoThePartitionOfTheirStartTimeAndRecordsItsRange() {
        try (RocksDbStorage storage = open(directory, Duration.ofHours(1))) {
            storage.write(List.of(span(TRACE, 1).startEpochNanos(at(0)).build(),
                    span(TRACE, 2).startEpochNanos(at(HOUR_NANOS - 1)).build(),
                    span(TRACE, 3).startEpochNanos(at(HOUR_NANOS)).build()));
        }
        try (RocksDbStorage storage = open(directory, Duration.ofHours(1))) {
            assertThat(storage.partitions()).extracting(Partition::name)
                    .containsExactly("spans-20261128T1200", "spans-20261128T1300");
            Partition first = storage.partitions().get(0);
            assertThat(first.recorded()).isTrue();
            assertThat(first.startEpochNanos()).isEqualTo(at(0));
            assertThat(first.endEpochNanos()).isEqualTo(at(HOUR_NANOS));
        }
    }

    @Test
    void reopen_withALongerPartitionDurationReadsEverythingAndWidensTheReusedPartition() {
        try (RocksDbStorage storage = open(directory, Duration.ofHours(1))) {
            storage.write(List.of(span(TRACE, 1).startEpochNanos(TestSpans.BASE_EPOCH_NANOS - 12 * HOUR_NANOS).build(),
                    span(TRACE, 2).startEpochNanos(at(0)).build()));
        }
        try (RocksDbStorage storage = open(directory, Duration.ofDays(1))) {
            storage.write(List.of(span(TRACE, 3).startEpochNanos(at(HOUR_NANOS)).build()));
            assertThat(storage.getTrace(TRACE).orElseThrow().spans()).extracting(Span::spanId).containsExactly(1L, 2L, 3L);
            Partition midnight = storage.partitions().get(0);
            assertThat(midnight.name()).isEqualTo("spans-20261128T0000");
            assertThat(midnight.endEpochNanos()).isEqualTo(TestSpans.BASE_EPOCH_NANOS + 12 * HOUR_NANOS);
        }
    }

    @Test
    void write_withoutSyncIsStillKeptAcrossReopen() {
        Span span = TestSpans.everyField(TRACE, 1, 0, 0);
        try (RocksDbStorage storage = RocksDbStorage.open(RocksDbStorageOptions.builder()
                .dataDirectory(directory).syncWrites(false).build())) {
            storage.write(List.of(span));
        }
        try (RocksDbStorage storage = open(directory)) {
            assertThat(storage.getTrace(TRACE).orElseThrow().spans()).containsExactly(span);
        }
    }

    @Test
    void write_thatFailsStoresNothingOfTheBatch() {
        AttributeValue tooDeep = AttributeValue.of("leaf");
        for (int i = 0; i < 300; i++) {
            tooDeep = new AttributeValue.ArrayValue(List.of(tooDeep));
        }
        Span good = span(TRACE, 1).resource(TestSpans.MYSQL).build();
        Span bad = span(TRACE, 2).addAttribute(new Attribute("deep", tooDeep)).build();
        try (RocksDbStorage storage = open(directory)) {
            assertThatThrownBy(() -> storage.write(List.of(good, bad))).isInstanceOf(StorageException.class);
            assertThat(storage.getTrace(TRACE)).isEmpty();
            assertThat(storage.getServices()).isEmpty();
        }
    }

    @Test
    void getTrace_seesEachBatchWholeOrNotAtAll() throws Exception {
        int spansPerBatch = 10;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (RocksDbStorage storage = open(directory, Duration.ofHours(1))) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                long writer = w;
                writers.add(pool.submit(() -> {
                    for (int b = 0; b < 100; b++) {
                        List<Span> batch = new ArrayList<>();
                        for (int s = 0; s < spansPerBatch; s++) {
                            // Every batch spans several partitions, so only a snapshot read sees it whole.
                            batch.add(span(TRACE, writer << 32 | b << 8 | s).startEpochNanos(at(s * HOUR_NANOS)).build());
                        }
                        storage.write(batch);
                    }
                }));
            }
            Future<?> reader = pool.submit(() -> {
                while (writing.get()) {
                    storage.getTrace(TRACE).ifPresent(trace -> assertThat(trace.spans().size() % spansPerBatch).isZero());
                }
            });
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            reader.get(1, TimeUnit.MINUTES);
            assertThat(storage.getTrace(TRACE).orElseThrow().spans()).hasSize(2 * 100 * spansPerBatch);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }

    @Test
    void close_isIdempotentAndLaterCallsFailClearly() {
        RocksDbStorage storage = open(directory);
        storage.close();
        storage.close();
        assertThat(storage.check().healthy()).isFalse();
        assertThat(storage.check().message()).contains("is closed");
        assertThatThrownBy(() -> storage.write(List.of(span(TRACE, 1).build())))
                .isInstanceOf(StorageException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> storage.getTrace(TRACE))
                .isInstanceOf(StorageException.class).hasMessageContaining("is closed");
    }

    @Test
    void open_lockedDirectoryFailsNamingTheDirectory() {
        try (RocksDbStorage first = open(directory)) {
            assertThatThrownBy(() -> open(directory))
                    .isInstanceOf(RocksDbOpenException.class)
                    .hasMessage("cannot open storage in " + directory.toAbsolutePath()
                            + ": the directory is locked by another process (is another Sightline using it?)");
            first.write(List.of(span(TRACE, 1).build()));
            assertThat(first.getTrace(TRACE)).isPresent();
        }
    }

    @Test
    void open_directoryThatCannotBeCreatedFailsClearly() throws Exception {
        Path file = Files.createFile(directory.resolve("a-file"));
        Path unwritable = file.resolve("sub");
        assertThatThrownBy(() -> open(unwritable))
                .isInstanceOf(RocksDbOpenException.class)
                .hasMessage("cannot open storage in " + unwritable + ": the directory cannot be created: "
                        + file + " is a file, not a directory")
                .satisfies(e -> assertThat(((RocksDbOpenException) e).directory()).isEqualTo(unwritable));
    }

    @Test
    void open_regularFileFailsClearly() throws Exception {
        Path file = Files.createFile(directory.resolve("a-file"));
        assertThatThrownBy(() -> open(file))
                .isInstanceOf(RocksDbOpenException.class)
                .hasMessage("cannot open storage in " + file + ": it is a file, not a directory");
    }

    @Test
    void open_garbageInCurrentFailsAndChangesNothing() throws Exception {
        writeOneSpanAndClose();
        Files.write(directory.resolve("CURRENT"), new byte[] {(byte) 0xde, (byte) 0xad, 0, 1, 2});
        assertOpenFailsAndChangesNothing("the store is corrupted or incompatible");
    }

    @Test
    void open_currentNamingAMissingManifestFailsAndChangesNothing() throws Exception {
        writeOneSpanAndClose();
        Files.writeString(directory.resolve("CURRENT"), "MANIFEST-999999\n", StandardCharsets.UTF_8);
        assertOpenFailsAndChangesNothing("the store is corrupted or incompatible");
    }

    @Test
    void open_garbageInManifestFailsAndChangesNothing() throws Exception {
        writeOneSpanAndClose();
        String manifest = Files.readString(directory.resolve("CURRENT"), StandardCharsets.UTF_8).trim();
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(directory.resolve(manifest), garbage);
        assertOpenFailsAndChangesNothing("the store is corrupted or incompatible");
    }

    @Test
    void open_dataFilesWithoutCurrentAreRefusedNotWiped() throws Exception {
        writeOneSpanAndClose();
        Files.delete(directory.resolve("CURRENT"));
        assertOpenFailsAndChangesNothing("the store is damaged: it holds data files but no CURRENT file");
    }

    @Test
    void open_unknownLayoutVersionIsRefused() throws Exception {
        writeOneSpanAndClose();
        RawRocksDb.put(directory, RocksDbStorage.META, RocksDbStorage.LAYOUT_VERSION_KEY, "99".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> open(directory))
                .isInstanceOf(RocksDbOpenException.class)
                .hasMessageContaining(directory.toAbsolutePath().toString())
                .hasMessageContaining("the store has layout version 99 but this build reads layout version "
                        + RocksDbStorage.LAYOUT_VERSION);
    }

    @Test
    void open_rocksDbOfAnotherApplicationIsRefusedAndKept() throws Exception {
        byte[] key = "their-key".getBytes(StandardCharsets.UTF_8);
        RawRocksDb.put(directory, "default", key, "their-value".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> open(directory))
                .isInstanceOf(RocksDbOpenException.class)
                .hasMessageContaining("is not a Sightline store");
        assertThat(RawRocksDb.get(directory, "default", key)).asString(StandardCharsets.UTF_8).isEqualTo("their-value");
    }

    @Test
    void open_olderLayoutsAreRefused() throws Exception {
        writeOneSpanAndClose();
        for (String older : new String[] {"2", "3", "4"}) {
            RawRocksDb.put(directory, RocksDbStorage.META, RocksDbStorage.LAYOUT_VERSION_KEY,
                    older.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> open(directory))
                    .isInstanceOf(RocksDbOpenException.class)
                    .hasMessageContaining("the store has layout version " + older
                            + " but this build reads layout version 5");
        }
        RawRocksDb.put(directory, RocksDbStorage.META, RocksDbStorage.LAYOUT_VERSION_KEY, "5".getBytes(StandardCharsets.UTF_8));
        try (RocksDbStorage storage = open(directory)) {
            assertThat(storage.getTrace(TRACE)).isPresent();
        }
    }

    @Test
    void reopen_keepsTheSearchIndex() {
        Span tagged = span(TRACE, 1).addAttribute(Attribute.of("customer_id", 392L)).build();
        try (RocksDbStorage storage = open(directory)) {
            storage.write(List.of(tagged, span(TraceId.of(0, 77), 1).build()));
        }
        try (RocksDbStorage storage = open(directory)) {
            long startMicros = tagged.startEpochMicros();
            assertThat(storage.findTraceIds(new TraceQuery("frontend", "HTTP GET /dispatch", Map.of("customer_id", "392"),
                    startMicros, startMicros, 0, Long.MAX_VALUE, 10))).containsExactly(TRACE);
            assertThat(storage.findTraceIds(TraceQuery.forService("frontend", startMicros, startMicros, 10)))
                    .containsExactlyInAnyOrder(TRACE, TraceId.of(0, 77));
        }
    }

    @Test
    void sources_areStoredOncePerPartition_andAMissingOneIsNamed() throws Exception {
        Span first = span(TraceId.of(0, 1), 1).build();
        Span second = span(TraceId.of(0, 2), 1).build();
        Span third = span(TraceId.of(0, 3), 1).build();
        String partition;
        try (RocksDbStorage storage = open(directory)) {
            storage.write(List.of(first));
            storage.write(List.of(second));
            partition = storage.partitions().get(0).name();
        }
        byte[] sourcesPrefix = new byte[IndexKeys.ZERO_PREFIX_BYTES + 1];
        sourcesPrefix[IndexKeys.ZERO_PREFIX_BYTES] = 'R';
        assertThat(RawRocksDb.count(directory, partition, sourcesPrefix)).isEqualTo(1);
        try (RocksDbStorage storage = open(directory)) {
            storage.write(List.of(third));
            for (Span span : List.of(first, second, third)) {
                assertThat(storage.getTrace(span.traceId()).orElseThrow().spans()).containsExactly(span);
            }
        }
        assertThat(RawRocksDb.count(directory, partition, sourcesPrefix)).isEqualTo(1);

        RawRocksDb.delete(directory, partition, StoredSources.Encoded.of(first.resource(), first.scope()).id().key());
        try (RocksDbStorage storage = open(directory)) {
            assertThatThrownBy(() -> storage.getTrace(first.traceId()))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("partition " + partition + " holds spans of source")
                    .hasMessageContaining("not the source itself");
        }
    }

    @Test
    void equalResourcesInNewInstances_areStoredAndIndexedOnce() throws Exception {
        List<Span> spans = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            // A new but equal resource per span, as some senders decode them.
            io.sightline.core.model.Resource resource = new io.sightline.core.model.Resource("frontend",
                    List.of(Attribute.of("host.name", "web-1"), Attribute.of("process.pid", 42L)));
            spans.add(span(TraceId.of(0, i), 1).resource(resource).build());
        }
        String partition;
        try (RocksDbStorage storage = open(directory)) {
            storage.write(spans);
            storage.write(List.of(spans.get(0)));
            partition = storage.partitions().get(0).name();
            long startMicros = spans.get(0).startEpochMicros();
            assertThat(storage.findTraceIds(new TraceQuery("frontend", null, Map.of("host.name", "web-1"),
                    startMicros, startMicros, 0, Long.MAX_VALUE, 10)))
                    .containsExactlyInAnyOrder(TraceId.of(0, 1), TraceId.of(0, 2), TraceId.of(0, 3));
        }
        byte[] sourceTags = new byte[IndexKeys.ZERO_PREFIX_BYTES + 1];
        sourceTags[IndexKeys.ZERO_PREFIX_BYTES] = 'd';
        byte[] sources = new byte[IndexKeys.ZERO_PREFIX_BYTES + 1];
        sources[IndexKeys.ZERO_PREFIX_BYTES] = 'R';
        List<String> tags = new ArrayList<>();
        io.sightline.core.storage.SearchableTags.forEachOfSource(spans.get(0).resource(), spans.get(0).scope(),
                (key, value) -> tags.add(key));
        assertThat(RawRocksDb.count(directory, partition, sourceTags)).isEqualTo(tags.size());
        assertThat(RawRocksDb.count(directory, partition, sources)).isEqualTo(1);
    }

    @Test
    void rewrittenSpan_isFoundByItsNewTagsOnly() {
        // The first copy stays in its own trace piece; reads and searches must see only the last.
        Span first = span(TRACE, 1).addAttribute(Attribute.of("customer_id", 1L)).build();
        Span rewritten = span(TRACE, 1).addAttribute(Attribute.of("customer_id", 2L)).build();
        try (RocksDbStorage storage = open(directory)) {
            storage.write(List.of(first));
            storage.write(List.of(rewritten));
            long startMicros = first.startEpochMicros();
            assertThat(storage.getTrace(TRACE).orElseThrow().spans()).containsExactly(rewritten);
            assertThat(storage.findTraceIds(new TraceQuery("frontend", null, Map.of("customer_id", "1"),
                    startMicros, startMicros, 0, Long.MAX_VALUE, 10))).isEmpty();
            assertThat(storage.findTraceIds(new TraceQuery("frontend", null, Map.of("customer_id", "2"),
                    startMicros, startMicros, 0, Long.MAX_VALUE, 10))).containsExactly(TRACE);
            assertThat(storage.getDependencies(startMicros + 1, 1_000_000)).isEmpty();
        }
    }

    @Test
    void rewrittenChild_countsAsOneCall() {
        Span parent = span(TRACE, 1).build();
        Span child = span(TRACE, 2).parentSpanId(1).resource(TestSpans.CUSTOMER).build();
        try (RocksDbStorage storage = open(directory)) {
            storage.write(List.of(parent, child));
            storage.write(List.of(child));
            assertThat(storage.getDependencies(child.startEpochMicros() + 1, 1_000_000))
                    .containsExactly(new io.sightline.core.storage.DependencyLink("frontend", "customer", 1));
        }
    }

    @Test
    void reopen_neverReusesABatchNumber() {
        // Postings name traces by position in their batch's list: a reused number would rename them.
        Span first = span(TraceId.of(0, 1), 1).build();
        Span second = span(TraceId.of(0, 2), 1).build();
        try (RocksDbStorage storage = openWithClock(directory, 1_000L)) {
            storage.write(List.of(first));
        }
        try (RocksDbStorage storage = openWithClock(directory, 1_000L)) {
            storage.write(List.of(second));
            long startMicros = first.startEpochMicros();
            assertThat(storage.findTraceIds(TraceQuery.forService("frontend", startMicros, startMicros, 10)))
                    .containsExactlyInAnyOrder(TraceId.of(0, 1), TraceId.of(0, 2));
        }
    }

    private static RocksDbStorage openWithClock(Path dir, long nowEpochNanos) {
        return RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(dir).retention(Duration.ZERO)
                .clock(() -> nowEpochNanos).build());
    }

    @Test
    void write_refusesTheZeroTraceIdWhereTheIndexLivesAndWritesNothing() {
        try (RocksDbStorage storage = open(directory)) {
            List<Span> batch = List.of(span(TRACE, 1).build(), span(TraceId.of(0, 0), 2).build());
            assertThatThrownBy(() -> storage.write(batch))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("all-zero trace ID");
            assertThat(storage.getTrace(TRACE)).isEmpty();
            assertThat(storage.getServices()).isEmpty();
            assertThat(storage.getTrace(TraceId.of(0, 0))).isEmpty();
        }
    }

    @Test
    void findTraceIds_withSpansInPartitionsOfOtherDurationsStaysNewestFirst() {
        TraceId old = TraceId.of(1, 1);
        TraceId newer = TraceId.of(1, 2);
        try (RocksDbStorage storage = open(directory, Duration.ofDays(1))) {
            storage.write(List.of(span(old, 1).startEpochNanos(at(HOUR_NANOS)).build()));
        }
        // Now hourly: the newer span lands in an hour partition inside the old day's range.
        try (RocksDbStorage storage = open(directory, Duration.ofHours(1))) {
            storage.write(List.of(span(newer, 1).startEpochNanos(at(2 * HOUR_NANOS)).build(),
                    span(old, 2).startEpochNanos(at(HOUR_NANOS / 2)).build()));
            long base = at(0) / 1_000;
            assertThat(storage.findTraceIds(TraceQuery.forService("frontend", base, base + 3 * HOUR_NANOS / 1_000, 10)))
                    .containsExactly(newer, old);
            assertThat(storage.findTraceIds(TraceQuery.forService("frontend", base, base + 3 * HOUR_NANOS / 1_000, 1)))
                    .containsExactly(newer);
        }
    }

    private void writeOneSpanAndClose() {
        try (RocksDbStorage storage = open(directory)) {
            storage.write(List.of(span(TRACE, 1).build()));
        }
    }

    private void assertOpenFailsAndChangesNothing(String problem) throws Exception {
        var before = DirectoryContents.of(directory);
        assertThatThrownBy(() -> open(directory))
                .isInstanceOf(RocksDbOpenException.class)
                .hasMessageStartingWith("cannot open storage in " + directory.toAbsolutePath() + ": " + problem)
                .hasMessageNotContaining("\n");
        assertThat(DirectoryContents.of(directory)).isEqualTo(before);
    }
}

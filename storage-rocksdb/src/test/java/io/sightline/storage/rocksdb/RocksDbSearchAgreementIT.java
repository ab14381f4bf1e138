package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.TraceQuery;
import io.sightline.core.storage.memory.InMemoryStorage;
import io.sightline.storage.testkit.TestSpans;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random spans in random batches, then random searches: the RocksDB store, whose postings hold
 * bounds and name traces per batch, must answer exactly as the in-memory store's span-by-span
 * reference does, order included. Starts are distinct, so the order is fully defined; times
 * straddle hourly partitions and posting spreads, batches mix traces, and a trace's spans
 * arrive in several batches.
 */
class RocksDbSearchAgreementIT {
    private static final String[] SERVICES = {"frontend", "customer", "mysql"};
    private static final String[] OPERATIONS = {"GET /a", "GET /b", "SELECT"};
    private static final long WINDOW_MICROS = 3 * 3_600_000_000L;
    private static final long BASE_MICROS = TestSpans.BASE_EPOCH_NANOS / 1_000;

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(longs = {20261129L, 1L, 42L})
    void randomSearches_answerAsTheReferenceDoes(long seed) {
        Random random = new Random(seed);
        List<Span> spans = randomSpans(random, 400, 3_000);
        InMemoryStorage reference = new InMemoryStorage(1_000_000);
        try (RocksDbStorage storage = RocksDbStorage.open(RocksDbStorageOptions.builder()
                .dataDirectory(directory.resolve("seed-" + seed))
                .partitionDuration(Duration.ofHours(1)).retention(Duration.ZERO).build())) {
            List<Span> shuffled = new ArrayList<>(spans);
            Collections.shuffle(shuffled, random);
            for (int from = 0; from < shuffled.size(); ) {
                int to = Math.min(shuffled.size(), from + 1 + random.nextInt(120));
                List<Span> batch = shuffled.subList(from, to);
                storage.write(batch);
                reference.write(batch);
                from = to;
            }
            int nonEmpty = 0;
            for (int i = 0; i < 400; i++) {
                TraceQuery query = randomQuery(random);
                List<TraceId> expected = reference.findTraceIds(query);
                assertThat(storage.findTraceIds(query)).as("query %d: %s", i, query).containsExactlyElementsOf(expected);
                nonEmpty += expected.isEmpty() ? 0 : 1;
            }
            assertThat(nonEmpty).as("queries with an answer").isGreaterThan(200);
        }
    }

    private static List<Span> randomSpans(Random random, int traces, int spanCount) {
        Set<Long> startsUsed = new HashSet<>();
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < spanCount; i++) {
            TraceId traceId = TraceId.of(1, 1 + random.nextInt(traces));
            long startMicros;
            do {
                startMicros = BASE_MICROS + (long) (random.nextDouble() * WINDOW_MICROS);
            } while (!startsUsed.add(startMicros));
            int service = random.nextInt(SERVICES.length);
            spans.add(Span.builder()
                    .traceId(traceId)
                    .spanId(i + 1)
                    .flags(1)
                    .name(OPERATIONS[random.nextInt(OPERATIONS.length)])
                    .startEpochNanos(startMicros * 1_000 + random.nextInt(1_000))
                    .durationNanos((1L << random.nextInt(24)) * 1_000 + random.nextInt(1_000))
                    .addAttribute(Attribute.of("color", "c" + random.nextInt(4)))
                    .addAttribute(Attribute.of("size", (long) random.nextInt(3)))
                    .resource(new Resource(SERVICES[service], List.of(Attribute.of("host.name", "h" + random.nextInt(2)))))
                    .scope(TestSpans.span(traceId, 1).build().scope())
                    .build());
        }
        return spans;
    }

    private static TraceQuery randomQuery(Random random) {
        String service = SERVICES[random.nextInt(SERVICES.length)];
        String operation = random.nextInt(3) == 0 ? OPERATIONS[random.nextInt(OPERATIONS.length)] : null;
        Map<String, String> tags = new LinkedHashMap<>();
        switch (random.nextInt(4)) {
            case 0 -> tags.put("color", "c" + random.nextInt(4));
            case 1 -> tags.put("host.name", "h" + random.nextInt(2));
            case 2 -> {
                tags.put("size", String.valueOf(random.nextInt(3)));
                tags.put("color", "c" + random.nextInt(4));
            }
            default -> { }
        }
        long startMin = BASE_MICROS + (long) (random.nextDouble() * WINDOW_MICROS);
        long startMax = Math.min(BASE_MICROS + WINDOW_MICROS,
                startMin + (long) (random.nextDouble() * random.nextDouble() * WINDOW_MICROS));
        long durationMin = random.nextInt(3) == 0 ? (1L << random.nextInt(20)) * 1_000 : 0;
        long durationMax = random.nextInt(3) == 0 ? durationMin + (1L << random.nextInt(22)) * 1_000 : Long.MAX_VALUE;
        int limit = 1 + random.nextInt(random.nextBoolean() ? 5 : 60);
        return new TraceQuery(service, operation, tags, startMin, startMax, durationMin, durationMax, limit);
    }
}

package io.sightline.storage.testkit;

import static io.sightline.storage.testkit.TestSpans.DAY_NANOS;
import static io.sightline.storage.testkit.TestSpans.at;
import static io.sightline.storage.testkit.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.DependencyLink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service call graph every backend must compute from stored spans: one link per (parent
 * service, child service), calls summed over traces, calls within a service left out, only child
 * spans that started in the window counted, wherever and whenever their parent span was stored.
 */
public abstract class DependencyConformanceTest extends StorageTestBase {
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final long FIVE_MINUTES_MICROS = 300_000_000L;
    private static final Resource HELLO = new Resource("hello", List.of());
    private static final Resource WORLD = new Resource("world", List.of());

    @Test
    void getDependencies_onAnEmptyStoreIsEmpty() {
        assertThat(dependencies(at(0), FIVE_MINUTES_MICROS)).isEmpty();
    }

    /** Jaeger's suite: hello→world once and world→hello three times, read back with a 5 min lookback. */
    @Test
    void getDependencies_sumsCallsPerServicePairSortedByParentThenChild() {
        List<Span> spans = new ArrayList<>();
        spans.add(call(trace(1), 1, 0, HELLO, 10));
        spans.add(call(trace(1), 2, 1, WORLD, 11));
        for (int t = 2; t <= 4; t++) {
            spans.add(call(trace(t), 1, 0, WORLD, 10 + t));
            spans.add(call(trace(t), 2, 1, HELLO, 20 + t));
        }
        write(spans);

        assertThat(dependencies(at(MINUTE_NANOS), FIVE_MINUTES_MICROS)).containsExactly(
                new DependencyLink("hello", "world", 1), new DependencyLink("world", "hello", 3));
    }

    @Test
    void getDependencies_countsEveryChildSpanOfAHotRodTrace() {
        write(TestSpans.trace(trace(1), 12, 1_000_000));
        // Span i's parent is i / 2; span 1 is frontend, then services cycle driver, redis, route, customer, mysql.
        assertThat(dependencies(at(MINUTE_NANOS), FIVE_MINUTES_MICROS)).containsExactly(
                new DependencyLink("customer", "mysql", 1),
                new DependencyLink("driver", "customer", 1),
                new DependencyLink("driver", "route", 1),
                new DependencyLink("frontend", "driver", 1),
                new DependencyLink("frontend", "redis", 1),
                new DependencyLink("mysql", "driver", 1),
                new DependencyLink("redis", "driver", 1),
                new DependencyLink("redis", "mysql", 1),
                new DependencyLink("route", "redis", 1));
    }

    @Test
    void getDependencies_leavesOutCallsWithinOneService() {
        write(call(trace(1), 1, 0, HELLO, 10), call(trace(1), 2, 1, HELLO, 11), call(trace(1), 3, 2, WORLD, 12));
        assertThat(dependencies(at(MINUTE_NANOS), FIVE_MINUTES_MICROS))
                .containsExactly(new DependencyLink("hello", "world", 1));
    }

    @Test
    void getDependencies_ignoresRootsAndSpansWhoseParentIsMissing() {
        write(call(trace(1), 1, 0, HELLO, 10), call(trace(1), 2, 99, WORLD, 11));
        assertThat(dependencies(at(MINUTE_NANOS), FIVE_MINUTES_MICROS)).isEmpty();
    }

    @Test
    void getDependencies_countsOnlyChildSpansThatStartedInTheWindow() {
        // Children at 1 min, 10 min and 20 min; their parents all at 0.
        write(call(trace(1), 1, 0, HELLO, 0), call(trace(1), 2, 1, WORLD, MINUTE_NANOS / 1_000_000));
        write(call(trace(2), 1, 0, HELLO, 0), call(trace(2), 2, 1, WORLD, 10 * MINUTE_NANOS / 1_000_000));
        write(call(trace(3), 1, 0, WORLD, 0), call(trace(3), 2, 1, HELLO, 20 * MINUTE_NANOS / 1_000_000));

        long tenMinutesMicros = 10 * MINUTE_NANOS / 1_000;
        // [5 min, 15 min]: only the child at 10 min, though its parent started before the window.
        assertThat(dependencies(at(15 * MINUTE_NANOS), tenMinutesMicros))
                .containsExactly(new DependencyLink("hello", "world", 1));
        // Both ends are inclusive.
        assertThat(dependencies(at(10 * MINUTE_NANOS), 9 * MINUTE_NANOS / 1_000))
                .containsExactly(new DependencyLink("hello", "world", 2));
        assertThat(dependencies(at(30 * MINUTE_NANOS), 2 * tenMinutesMicros)).containsExactly(
                new DependencyLink("hello", "world", 1), new DependencyLink("world", "hello", 1));
        assertThat(dependencies(at(-MINUTE_NANOS), FIVE_MINUTES_MICROS)).isEmpty();
    }

    @Test
    void getDependencies_linksATraceWhoseParentAndChildArrivedInDifferentWrites() {
        write(call(trace(1), 1, 0, HELLO, 10));
        // Much else is written in between, so that the two halves are far apart in the store.
        for (int batch = 0; batch < 20; batch++) {
            List<Span> other = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                other.add(call(trace(1_000 + batch * 100 + i), 1, 0, WORLD, 20));
            }
            write(other);
        }
        write(call(trace(1), 2, 1, WORLD, 30));

        assertThat(dependencies(at(MINUTE_NANOS), FIVE_MINUTES_MICROS))
                .containsExactly(new DependencyLink("hello", "world", 1));
    }

    @Test
    void getDependencies_linksAChildToAParentThatStartedDaysBeforeTheWindow() {
        // The parent sits in a much older period (another partition, for a partitioned store).
        write(span(trace(1), 1).resource(HELLO).startEpochNanos(at(-3 * DAY_NANOS)).build());
        write(span(trace(1), 2).parentSpanId(1).resource(WORLD).startEpochNanos(at(0)).build(),
                span(trace(1), 3).parentSpanId(2).resource(HELLO).startEpochNanos(at(DAY_NANOS)).build());

        assertThat(dependencies(at(MINUTE_NANOS), FIVE_MINUTES_MICROS))
                .containsExactly(new DependencyLink("hello", "world", 1));
        assertThat(dependencies(at(DAY_NANOS + MINUTE_NANOS), 2 * DAY_NANOS / 1_000)).containsExactly(
                new DependencyLink("hello", "world", 1), new DependencyLink("world", "hello", 1));
    }

    @Test
    void getDependencies_rejectsANonPositiveLookback() {
        write(call(trace(1), 1, 0, HELLO, 10), call(trace(1), 2, 1, WORLD, 11));
        assertThatThrownBy(() -> dependencies(at(MINUTE_NANOS), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lookbackMicros: 0 (expected: > 0)");
        assertThatThrownBy(() -> dependencies(at(MINUTE_NANOS), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lookbackMicros: -1 (expected: > 0)");
    }

    private List<DependencyLink> dependencies(long endEpochNanos, long lookbackMicros) {
        return store().dependencyReader().getDependencies(endEpochNanos / 1_000, lookbackMicros);
    }

    private static TraceId trace(long low) {
        return TraceId.of(0xdeb, low);
    }

    private static Span call(TraceId trace, long spanId, long parentSpanId, Resource service, long startMillis) {
        return span(trace, spanId).parentSpanId(parentSpanId).resource(service)
                .startEpochNanos(at(startMillis * 1_000_000)).build();
    }
}

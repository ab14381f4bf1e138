package io.sightline.storage.testkit;

import static io.sightline.storage.testkit.TestSpans.DAY_NANOS;
import static io.sightline.storage.testkit.TestSpans.at;
import static io.sightline.storage.testkit.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.TraceQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trace search as every backend must answer it: the query categories of Jaeger's storage
 * integration suite, plus the per-span semantics of {@link TraceQuery}. As in that suite, the
 * fixtures of every case are written before any query runs, so each query must also leave out
 * the traces of the other cases; most cases also hold a near miss next to the expected trace.
 */
public abstract class TraceSearchConformanceTest extends StorageTestBase {
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final long HOUR_MICROS = 3_600_000_000L;
    private static final long BASE_MICROS = TestSpans.BASE_EPOCH_NANOS / 1_000;
    /** Midnight after {@link TestSpans#BASE_EPOCH_NANOS}: spans either side fall on two days. */
    private static final long MIDNIGHT_NANOS = at(DAY_NANOS / 2);

    // Tags in span tags, log fields, process tags, and spread over all three (tags-service).
    private static final TraceId TAGS_IN_SPAN = id(1);
    private static final TraceId TAGS_IN_SPAN_NEAR_MISS = id(2);
    private static final TraceId TAGS_IN_LOG = id(3);
    private static final TraceId TAGS_IN_PROCESS = id(4);
    private static final TraceId TAGS_SPREAD = id(5);
    private static final TraceId TAGS_SPREAD_OVER_TWO_SPANS = id(6);
    private static final TraceId LONG_VALUE = id(7);
    // Operation and duration (ops-service).
    private static final TraceId CHECKOUT_5_MICROS = id(10);
    private static final TraceId CHECKOUT_1_MICRO = id(11);
    private static final TraceId PAYMENT_100_MICROS = id(12);
    private static final TraceId REFUND_6_MICROS = id(13);
    // Tags with operation and duration (combo-service).
    private static final TraceId CART_500_FAST = id(20);
    private static final TraceId CART_200 = id(21);
    private static final TraceId CART_200_OTHER_500 = id(22);
    private static final TraceId CART_500_SLOW = id(23);
    // Derived tags (errors-service).
    private static final TraceId ERROR_STATUS = id(30);
    private static final TraceId OK_STATUS = id(31);
    // Two days, three traces, order, window.
    private static final TraceId TWO_DAYS = id(40);
    private static final TraceId FIRST_OF_THREE = id(50);
    private static final TraceId SECOND_OF_THREE = id(51);
    private static final TraceId THIRD_OF_THREE = id(52);
    private static final TraceId OLD_MATCH_LATE_ROOT = id(60);
    private static final TraceId NEWER_MATCH = id(61);
    private static final TraceId ON_WINDOW_EDGE = id(70);
    // A whole multi-service trace (HotROD services; no other fixture uses them).
    private static final TraceId WHOLE = id(80);

    private static final Resource TAGS_SERVICE = resource("tags-service");
    private static final Resource OPS_SERVICE = resource("ops-service");
    private static final Resource COMBO_SERVICE = resource("combo-service");
    private static final Resource ERRORS_SERVICE = resource("errors-service");
    private static final Resource MULTIDAY_SERVICE = resource("multiday-service");
    private static final Resource THREE_SERVICE = resource("three-service");
    private static final Resource ORDER_SERVICE = resource("order-service");
    private static final Resource WINDOW_SERVICE = resource("window-service");
    private static final long ON_WINDOW_EDGE_NANOS = at(100 * SECOND_NANOS) + 999;

    private static final String LONG_TEXT = "x".repeat(5_000);

    private final List<Span> wholeTrace = TestSpans.trace(WHOLE, 12, 1_000_000);

    @BeforeEach
    final void writeEveryFixture() {
        List<Span> all = new ArrayList<>();
        // Typed values, queried as strings: "123", "72.5", "true".
        all.add(tagSpan(TAGS_IN_SPAN, "span").attributes(typedTags("sameplace")).build());
        List<Attribute> nearMiss = new ArrayList<>(typedTags("sameplace"));
        nearMiss.set(1, Attribute.of("sameplace2", 124L));
        all.add(tagSpan(TAGS_IN_SPAN_NEAR_MISS, "span").attributes(nearMiss).build());
        all.add(tagSpan(TAGS_IN_LOG, "log").attributes(List.of())
                .addEvent(new SpanEvent(at(1_000), "exception", typedTags("log"))).build());
        all.add(tagSpan(TAGS_IN_PROCESS, "process").attributes(List.of())
                .resource(new Resource("tags-service", typedTags("process"))).build());
        List<Attribute> spread = typedTags("spread");
        all.add(tagSpan(TAGS_SPREAD, "op-spread").durationNanos(40_000)
                .attributes(List.of(spread.get(0), spread.get(1)))
                .addEvent(new SpanEvent(at(1_000), "retry", List.of(spread.get(2))))
                .resource(new Resource("tags-service", List.of(spread.get(3)))).build());
        // The same four tags, but two in one span and two in another: no one span has all four.
        all.add(tagSpan(TAGS_SPREAD_OVER_TWO_SPANS, "op-spread").durationNanos(40_000)
                .attributes(List.of(spread.get(0), spread.get(1))).build());
        all.add(tagSpan(TAGS_SPREAD_OVER_TWO_SPANS, "op-spread").spanId(2).durationNanos(40_000)
                .attributes(List.of())
                .addEvent(new SpanEvent(at(1_000), "retry", List.of(spread.get(2))))
                .resource(new Resource("tags-service", List.of(spread.get(3)))).build());
        all.add(tagSpan(LONG_VALUE, "long").attributes(List.of(Attribute.of("db.statement", LONG_TEXT),
                Attribute.of("k".repeat(2_000), "long key"))).build());

        all.add(opsSpan(CHECKOUT_5_MICROS, "checkout", 5_000, 10));
        all.add(opsSpan(CHECKOUT_1_MICRO, "checkout", 1_000, 20));
        all.add(opsSpan(PAYMENT_100_MICROS, "payment", 100_000, 30));
        all.add(opsSpan(REFUND_6_MICROS, "refund", 6_999, 40));

        all.add(cartSpan(CART_500_FAST, 1, "GET /cart", 500, 50_000, 50));
        all.add(cartSpan(CART_200, 1, "GET /cart", 200, 50_000, 51));
        all.add(cartSpan(CART_200_OTHER_500, 1, "GET /cart", 200, 50_000, 52));
        all.add(cartSpan(CART_200_OTHER_500, 2, "GET /other", 500, 50_000, 53));
        all.add(cartSpan(CART_500_SLOW, 1, "GET /cart", 500, 500_000, 54));

        all.add(span(ERROR_STATUS, 1).resource(ERRORS_SERVICE).kind(SpanKind.SERVER)
                .status(StatusCode.ERROR, "boom").build());
        all.add(span(OK_STATUS, 1).resource(ERRORS_SERVICE).kind(SpanKind.CLIENT).startEpochNanos(at(SECOND_NANOS))
                .status(StatusCode.OK, "").build());

        all.add(span(TWO_DAYS, 1).resource(MULTIDAY_SERVICE).startEpochNanos(MIDNIGHT_NANOS - 1).build());
        all.add(span(TWO_DAYS, 2).parentSpanId(1).resource(MULTIDAY_SERVICE)
                .startEpochNanos(MIDNIGHT_NANOS + 3_600 * SECOND_NANOS).build());

        long offset = 70;
        for (TraceId trace : List.of(FIRST_OF_THREE, SECOND_OF_THREE, THIRD_OF_THREE)) {
            for (int spanId = 1; spanId <= 3; spanId++) {
                all.add(span(trace, spanId).resource(THREE_SERVICE)
                        .startEpochNanos(at(offset * SECOND_NANOS + spanId * 1_000_000L)).build());
            }
            offset++;
        }

        // Its matching span is old; its newest span belongs to another service.
        all.add(span(OLD_MATCH_LATE_ROOT, 1).resource(ORDER_SERVICE).startEpochNanos(at(80 * SECOND_NANOS)).build());
        all.add(span(OLD_MATCH_LATE_ROOT, 2).resource(TestSpans.FRONTEND).startEpochNanos(at(90 * SECOND_NANOS)).build());
        all.add(span(NEWER_MATCH, 1).resource(ORDER_SERVICE).startEpochNanos(at(85 * SECOND_NANOS)).build());

        all.add(span(ON_WINDOW_EDGE, 1).resource(WINDOW_SERVICE).startEpochNanos(ON_WINDOW_EDGE_NANOS).build());

        all.addAll(wholeTrace);
        // Two batches, as a collector would send them.
        write(all.subList(0, all.size() / 2));
        write(all.subList(all.size() / 2, all.size()));
    }

    @Test
    void findTraceIds_matchesTagsInSpanTags() {
        assertThat(find(byTags("tags-service", typedQuery("sameplace")))).containsExactly(TAGS_IN_SPAN);
    }

    @Test
    void findTraceIds_matchesTagsInLogFields() {
        assertThat(find(byTags("tags-service", typedQuery("log")))).containsExactly(TAGS_IN_LOG);
    }

    @Test
    void findTraceIds_matchesTagsInProcessTags() {
        assertThat(find(byTags("tags-service", typedQuery("process")))).containsExactly(TAGS_IN_PROCESS);
    }

    @Test
    void findTraceIds_matchesTagsSpreadOverTagsLogsAndProcessOfOneSpan() {
        assertThat(find(byTags("tags-service", typedQuery("spread")))).containsExactly(TAGS_SPREAD);
    }

    @Test
    void findTraceIds_matchesTheEventNameAsTheEventTag() {
        assertThat(find(byTags("tags-service", Map.of("event", "retry")))).containsExactly(TAGS_SPREAD_OVER_TWO_SPANS,
                TAGS_SPREAD);
    }

    @Test
    void findTraceIds_oneTagOnlyMatchesEveryTraceCarryingIt() {
        assertThat(find(byTags("tags-service", Map.of("sameplace1", "sameplace-value"))))
                .containsExactly(TAGS_IN_SPAN_NEAR_MISS, TAGS_IN_SPAN);
    }

    @Test
    void findTraceIds_matchesValuesLongerThanAnyIndexLimit() {
        assertThat(find(byTags("tags-service", Map.of("db.statement", LONG_TEXT)))).containsExactly(LONG_VALUE);
        assertThat(find(byTags("tags-service", Map.of("k".repeat(2_000), "long key")))).containsExactly(LONG_VALUE);
        assertThat(find(byTags("tags-service", Map.of("db.statement", LONG_TEXT + "y")))).isEmpty();
    }

    @Test
    void findTraceIds_tagValueMustMatchExactly() {
        assertThat(find(byTags("tags-service", Map.of("sameplace1", "sameplace")))).isEmpty();
        assertThat(find(byTags("tags-service", Map.of("sameplace3", "72.50")))).isEmpty();
        assertThat(find(byTags("tags-service", Map.of("sameplace4", "True")))).isEmpty();
    }

    @Test
    void findTraceIds_matchesDerivedErrorAndSpanKindTags() {
        assertThat(find(byTags("errors-service", Map.of("error", "true")))).containsExactly(ERROR_STATUS);
        assertThat(find(byTags("errors-service", Map.of("otel.status_code", "OK")))).containsExactly(OK_STATUS);
        assertThat(find(byTags("errors-service", Map.of("span.kind", "client")))).containsExactly(OK_STATUS);
        assertThat(find(byTags("errors-service", Map.of("span.kind", "server", "error", "true"))))
                .containsExactly(ERROR_STATUS);
        assertThat(find(byTags("errors-service", Map.of("span.kind", "client", "error", "true")))).isEmpty();
    }

    @Test
    void findTraceIds_byOperationAlone() {
        assertThat(find(query("ops-service").operation("checkout"))).containsExactly(CHECKOUT_1_MICRO, CHECKOUT_5_MICROS);
        assertThat(find(query("ops-service").operation("payment"))).containsExactly(PAYMENT_100_MICROS);
        assertThat(find(query("ops-service").operation("nothing-like-it"))).isEmpty();
    }

    @Test
    void findTraceIds_byOperationAndMaxDurationInclusive() {
        assertThat(find(query("ops-service").operation("checkout").duration(0, 1))).containsExactly(CHECKOUT_1_MICRO);
        assertThat(find(query("ops-service").operation("checkout").duration(0, 0))).isEmpty();
    }

    @Test
    void findTraceIds_byOperationAndDurationRangeInclusive() {
        assertThat(find(query("ops-service").operation("checkout").duration(4, 6))).containsExactly(CHECKOUT_5_MICROS);
        assertThat(find(query("ops-service").operation("checkout").duration(5, 5))).containsExactly(CHECKOUT_5_MICROS);
        assertThat(find(query("ops-service").operation("checkout").duration(6, 100))).isEmpty();
    }

    @Test
    void findTraceIds_byDurationRangeAloneInclusiveInMicroseconds() {
        assertThat(find(query("ops-service").duration(5, 5))).containsExactly(CHECKOUT_5_MICROS);
        assertThat(find(query("ops-service").duration(4, 6))).containsExactly(REFUND_6_MICROS, CHECKOUT_5_MICROS);
        assertThat(find(query("ops-service").duration(6, 6))).containsExactly(REFUND_6_MICROS);
        assertThat(find(query("ops-service").duration(100, 100))).containsExactly(PAYMENT_100_MICROS);
        assertThat(find(query("ops-service").duration(2, 4))).isEmpty();
    }

    @Test
    void findTraceIds_byMaxDurationAloneInclusive() {
        assertThat(find(query("ops-service").duration(0, 1))).containsExactly(CHECKOUT_1_MICRO);
        assertThat(find(query("ops-service").duration(0, 5))).containsExactly(CHECKOUT_1_MICRO, CHECKOUT_5_MICROS);
    }

    @Test
    void findTraceIds_byTagsAndOperationInTheSameSpanOnly() {
        // The third trace has GET /cart and a 500, but in two different spans.
        assertThat(find(query("combo-service").operation("GET /cart").tag("http.response.status_code", "500")))
                .containsExactly(CART_500_SLOW, CART_500_FAST);
        assertThat(find(query("combo-service").tag("http.response.status_code", "500")))
                .containsExactly(CART_500_SLOW, CART_200_OTHER_500, CART_500_FAST);
        assertThat(find(query("combo-service").operation("GET /cart").tag("http.response.status_code", "200")))
                .containsExactly(CART_200_OTHER_500, CART_200);
    }

    @Test
    void findTraceIds_byTagsOperationAndDuration() {
        Search cart500 = query("combo-service").operation("GET /cart").tag("http.response.status_code", "500");
        assertThat(find(cart500.duration(0, 100))).containsExactly(CART_500_FAST);
        assertThat(find(cart500.duration(400, 600))).containsExactly(CART_500_SLOW);
        assertThat(find(cart500.duration(51, 499))).isEmpty();
    }

    @Test
    void findTraceIds_byTagsAndDurationWithoutOperation() {
        Search with500 = query("combo-service").tag("http.response.status_code", "500");
        assertThat(find(with500.duration(400, 600))).containsExactly(CART_500_SLOW);
        assertThat(find(with500.duration(0, 50))).containsExactly(CART_200_OTHER_500, CART_500_FAST);
    }

    @Test
    void findTraceIds_byTagsSpreadOverThreePlacesWithOperationAndDuration() {
        Search spread = query("tags-service").tags(typedQuery("spread")).operation("op-spread");
        assertThat(find(spread)).containsExactly(TAGS_SPREAD);
        assertThat(find(spread.duration(0, 40))).containsExactly(TAGS_SPREAD);
        assertThat(find(spread.duration(30, 50))).containsExactly(TAGS_SPREAD);
        assertThat(find(spread.duration(0, 39))).isEmpty();
        assertThat(find(spread.operation("span"))).isEmpty();
    }

    @Test
    void findTraceIds_findsATraceSpanningTwoDaysByServiceAlone() {
        long midnightMicros = MIDNIGHT_NANOS / 1_000;
        assertThat(find(query("multiday-service").window(midnightMicros - 2 * HOUR_MICROS, midnightMicros + 2 * HOUR_MICROS)))
                .containsExactly(TWO_DAYS);
        assertThat(find(query("multiday-service").window(midnightMicros - HOUR_MICROS, midnightMicros - 1)))
                .containsExactly(TWO_DAYS);
        assertThat(find(query("multiday-service").window(midnightMicros, midnightMicros + 2 * HOUR_MICROS)))
                .containsExactly(TWO_DAYS);
        List<Trace> traces = store().traceReader().findTraces(
                query("multiday-service").window(midnightMicros, midnightMicros + 2 * HOUR_MICROS).build());
        assertThat(traces).singleElement().satisfies(trace -> assertThat(trace.spans()).hasSize(2));
    }

    @Test
    void findTraceIds_byServiceReturnsEveryTraceNewestFirst() {
        assertThat(find(query("three-service"))).containsExactly(THIRD_OF_THREE, SECOND_OF_THREE, FIRST_OF_THREE);
    }

    @Test
    void findTraceIds_limitCountsTracesNotSpans() {
        assertThat(find(query("three-service").limit(2))).containsExactly(THIRD_OF_THREE, SECOND_OF_THREE);
        assertThat(find(query("three-service").limit(1))).containsExactly(THIRD_OF_THREE);
        assertThat(find(query("three-service").limit(3))).hasSize(3);
    }

    @Test
    void findTraceIds_ordersByTheNewestMatchingSpanNotTheTrace() {
        assertThat(find(query("order-service"))).containsExactly(NEWER_MATCH, OLD_MATCH_LATE_ROOT);
        assertThat(find(query("order-service").limit(1))).containsExactly(NEWER_MATCH);
    }

    @Test
    void findTraceIds_timeWindowIsInclusiveAtTheMicrosecondOfSpanStart() {
        long startMicros = ON_WINDOW_EDGE_NANOS / 1_000;
        assertThat(find(query("window-service").window(startMicros, startMicros))).containsExactly(ON_WINDOW_EDGE);
        assertThat(find(query("window-service").window(startMicros - 10, startMicros))).containsExactly(ON_WINDOW_EDGE);
        assertThat(find(query("window-service").window(startMicros, startMicros + 10))).containsExactly(ON_WINDOW_EDGE);
        assertThat(find(query("window-service").window(startMicros + 1, startMicros + 10))).isEmpty();
        assertThat(find(query("window-service").window(startMicros - 10, startMicros - 1))).isEmpty();
    }

    @Test
    void findTraceIds_isEmptyForAnUnknownServiceOrAnEmptyWindow() {
        assertThat(find(query("no-such-service"))).isEmpty();
        assertThat(find(query("three-service").window(BASE_MICROS - 2 * HOUR_MICROS, BASE_MICROS - HOUR_MICROS)))
                .isEmpty();
        assertThat(find(query("tags-service").tag("no-such-tag", "x"))).isEmpty();
    }

    @Test
    void findTraceIds_onlyMatchesSpansOfTheQueriedService() {
        // ops-service spans carry the HotROD span attributes too, but under another service.
        assertThat(find(query("errors-service").operation("checkout"))).isEmpty();
        assertThat(find(query("customer").operation("HTTP GET /dispatch"))).isEmpty();
    }

    @Test
    void findTraces_returnsWholeTracesWithTheSpansOfEveryService() {
        List<Trace> traces = store().traceReader().findTraces(query("redis").build());
        assertThat(traces).singleElement().satisfies(trace -> {
            assertThat(trace.traceId()).isEqualTo(WHOLE);
            assertThat(trace.spans()).containsExactlyElementsOf(wholeTrace);
        });
        assertThat(store().traceReader().findTraces(query("three-service").limit(2).build()))
                .extracting(Trace::traceId).containsExactly(THIRD_OF_THREE, SECOND_OF_THREE);
    }

    @Test
    void findTraceIds_seesSpansWrittenAfterTheFirstSearch() {
        assertThat(find(query("late-service"))).isEmpty();
        TraceId late = id(90);
        write(span(late, 1).resource(resource("late-service")).startEpochNanos(at(5 * SECOND_NANOS)).build());
        assertThat(find(query("late-service"))).containsExactly(late);
        write(span(late, 2).resource(resource("late-service")).name("second").startEpochNanos(at(6 * SECOND_NANOS)).build());
        assertThat(find(query("late-service").operation("second"))).containsExactly(late);
    }

    private List<TraceId> find(Search search) {
        return find(search.build());
    }

    private List<TraceId> find(TraceQuery query) {
        return store().traceReader().findTraceIds(query);
    }

    private static TraceId id(long low) {
        return TraceId.of(0x5ea7c4, low);
    }

    private static Resource resource(String service) {
        return new Resource(service, List.of(Attribute.of("host.name", "host-1"), Attribute.of("process.pid", 4L)));
    }

    private static Span.Builder tagSpan(TraceId trace, String operation) {
        return span(trace, 1).resource(TAGS_SERVICE).name(operation).startEpochNanos(at(trace.low() * SECOND_NANOS));
    }

    private static Span opsSpan(TraceId trace, String operation, long durationNanos, long startSeconds) {
        return span(trace, 1).resource(OPS_SERVICE).name(operation).durationNanos(durationNanos)
                .attributes(List.of()).startEpochNanos(at(startSeconds * SECOND_NANOS)).build();
    }

    private static Span cartSpan(TraceId trace, long spanId, String operation, long status, long durationNanos,
                                 long startSeconds) {
        return span(trace, spanId).resource(COMBO_SERVICE).name(operation).durationNanos(durationNanos)
                .attributes(List.of(Attribute.of("http.response.status_code", status)))
                .startEpochNanos(at(startSeconds * SECOND_NANOS)).build();
    }

    /** A string, an integer, a float and a boolean tag, keys {@code <prefix>1..4}. */
    private static List<Attribute> typedTags(String prefix) {
        return List.of(Attribute.of(prefix + "1", prefix + "-value"), Attribute.of(prefix + "2", 123L),
                Attribute.of(prefix + "3", 72.5), Attribute.of(prefix + "4", true));
    }

    private static Map<String, String> typedQuery(String prefix) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(prefix + "1", prefix + "-value");
        tags.put(prefix + "2", "123");
        tags.put(prefix + "3", "72.5");
        tags.put(prefix + "4", "true");
        return tags;
    }

    private static Search byTags(String service, Map<String, String> tags) {
        return query(service).tags(tags);
    }

    private static Search query(String service) {
        return new Search(service, null, Map.of(), BASE_MICROS - HOUR_MICROS, BASE_MICROS + HOUR_MICROS, 0,
                Long.MAX_VALUE, 1_000);
    }

    /** An immutable query under construction; each step returns a changed copy. */
    private record Search(String service, String operation, Map<String, String> tags, long startMinMicros,
                          long startMaxMicros, long durationMinMicros, long durationMaxMicros, int limit) {
        Search operation(String name) {
            return new Search(service, name, tags, startMinMicros, startMaxMicros, durationMinMicros,
                    durationMaxMicros, limit);
        }

        Search tags(Map<String, String> more) {
            Map<String, String> all = new LinkedHashMap<>(tags);
            all.putAll(more);
            return new Search(service, operation, all, startMinMicros, startMaxMicros, durationMinMicros,
                    durationMaxMicros, limit);
        }

        Search tag(String key, String value) {
            return tags(Map.of(key, value));
        }

        Search duration(long minMicros, long maxMicros) {
            return new Search(service, operation, tags, startMinMicros, startMaxMicros, minMicros, maxMicros, limit);
        }

        Search window(long minMicros, long maxMicros) {
            return new Search(service, operation, tags, minMicros, maxMicros, durationMinMicros, durationMaxMicros,
                    limit);
        }

        Search limit(int maxTraces) {
            return new Search(service, operation, tags, startMinMicros, startMaxMicros, durationMinMicros,
                    durationMaxMicros, maxTraces);
        }

        TraceQuery build() {
            return new TraceQuery(service, operation, tags, startMinMicros, startMaxMicros, durationMinMicros,
                    durationMaxMicros, limit);
        }
    }
}

package io.sightline.storage.testkit;

import static io.sightline.storage.testkit.TestSpans.at;
import static io.sightline.storage.testkit.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Writing spans and reading traces back, as every backend must do it.
 *
 * <p>Duplicates: a store keeps one copy per (trace ID, span ID, start time in µs), the key
 * Jaeger's embedded store uses too; writing a span with the same three again replaces the
 * stored copy (the last write wins). A span ID seen again with another start time (a Zipkin
 * shared span's other half) is another span and is kept as well.
 */
public abstract class SpanStoreConformanceTest extends StorageTestBase {
    private static final TraceId TRACE = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");

    @Test
    void getTrace_returnsEveryFieldOfEverySpanAsWritten() {
        List<Span> spans = new ArrayList<>();
        SpanKind[] kinds = SpanKind.values();
        for (int i = 0; i < kinds.length; i++) {
            StatusCode status = StatusCode.values()[i % StatusCode.values().length];
            spans.add(TestSpans.everyField(TRACE, 0x00f067aa0ba90200L + i, i == 0 ? 0 : 0x00f067aa0ba90200L, i * 1_000_000L)
                    .toBuilder().kind(kinds[i]).status(status, status == StatusCode.UNSET ? "" : "status " + i).build());
        }
        write(spans);

        Trace trace = getTrace(TRACE).orElseThrow();
        assertThat(trace.traceId()).isEqualTo(TRACE);
        assertThat(trace.spans()).containsExactlyElementsOf(spans);
    }

    @Test
    void getTrace_returnsTheDefaultsOfAMinimalSpanAsWritten() {
        Span minimal = Span.builder().traceId(TRACE).spanId(1).resource(TestSpans.FRONTEND).build();
        write(minimal);
        assertThat(spansOf(TRACE)).containsExactly(minimal);
    }

    @Test
    void getTrace_keepsIdsFlagsAndTimesAtTheirExtremes() {
        Span extreme = span(TRACE, -1L)
                .parentSpanId(Long.MIN_VALUE)
                .flags(-1)
                .startEpochNanos(at(999))
                .durationNanos(Long.MAX_VALUE)
                .links(List.of(new SpanLink(TraceId.of(-1L, -1L), -1L, "", List.of())))
                .build();
        write(extreme);
        assertThat(spansOf(TRACE)).containsExactly(extreme);
    }

    @Test
    void getTrace_returnsLargeValuesWhole() {
        char[] chars = new char[1 << 20];
        Arrays.fill(chars, 'x');
        byte[] bytes = new byte[1 << 20];
        Arrays.fill(bytes, (byte) 0xab);
        Span large = span(TRACE, 1)
                .addAttribute(Attribute.of("db.statement", new String(chars)))
                .addAttribute(new Attribute("payload", AttributeValue.of(bytes)))
                .build();
        write(large);
        assertThat(spansOf(TRACE)).containsExactly(large);
    }

    @Test
    void getTrace_ordersSpansByStartTimeThenUnsignedSpanId() {
        Span late = span(TRACE, 1).name("late").startEpochNanos(at(3_000_000)).build();
        Span earlyHighId = span(TRACE, -1L).name("early-high-id").startEpochNanos(at(1_000_000)).build();
        Span earlyLowId = span(TRACE, 2).name("early-low-id").startEpochNanos(at(1_000_000)).build();
        write(late, earlyHighId, earlyLowId);

        assertThat(spansOf(TRACE)).extracting(Span::name).containsExactly("early-low-id", "early-high-id", "late");
    }

    @Test
    void getTrace_ordersByNanosecondsWithinTheSameMicrosecond() {
        Span second = span(TRACE, 1).name("second").startEpochNanos(at(701)).build();
        Span first = span(TRACE, 2).name("first").startEpochNanos(at(700)).build();
        write(second, first);

        assertThat(spansOf(TRACE)).extracting(Span::name).containsExactly("first", "second");
    }

    @Test
    void getTrace_unknownIdIsEmpty() {
        write(span(TRACE, 1).build());
        assertThat(getTrace(TraceId.of(TRACE.high(), TRACE.low() + 1))).isEmpty();
        assertThat(getTrace(TraceId.of(0, 0))).isEmpty();
    }

    @Test
    void getTrace_onAnEmptyStoreIsEmpty() {
        assertThat(getTrace(TRACE)).isEmpty();
    }

    @Test
    void getTrace_sixtyFourAndOneHundredTwentyEightBitIdsAreDifferentTraces() {
        TraceId short64 = TraceId.of(0, 0xabc);
        TraceId long128 = TraceId.of(1, 0xabc);
        write(span(short64, 1).name("64-bit").build(), span(long128, 2).name("128-bit").build());

        assertThat(getTrace(short64).orElseThrow().traceId().is64Bit()).isTrue();
        assertThat(spansOf(short64)).extracting(Span::name).containsExactly("64-bit");
        assertThat(spansOf(long128)).extracting(Span::name).containsExactly("128-bit");
        assertThat(getTrace(TraceId.of(2, 0xabc))).isEmpty();
    }

    @Test
    void getTrace_returnsOnlyTheSpansOfThatTrace() {
        TraceId next = TraceId.of(TRACE.high(), TRACE.low() + 1);
        TraceId previous = TraceId.of(TRACE.high(), TRACE.low() - 1);
        write(span(previous, 1).build(), span(TRACE, 2).build(), span(next, 3).build());

        assertThat(spansOf(TRACE)).extracting(Span::spanId).containsExactly(2L);
        assertThat(spansOf(next)).extracting(Span::spanId).containsExactly(3L);
        assertThat(spansOf(previous)).extracting(Span::spanId).containsExactly(1L);
    }

    @Test
    void getTrace_returnsATraceWrittenInSeveralBatchesWhole() {
        List<Span> spans = TestSpans.trace(TRACE, 6, 1_000_000);
        write(spans.subList(3, 6));
        write(spans.subList(0, 3));
        assertThat(spansOf(TRACE)).containsExactlyElementsOf(spans);
    }

    @Test
    void getTrace_returnsATraceWhoseSpansStartOnDifferentDays() {
        long midnight = TestSpans.BASE_EPOCH_NANOS + TestSpans.DAY_NANOS / 2;
        Span before = span(TRACE, 1).name("before-midnight").startEpochNanos(midnight - 1).build();
        Span after = span(TRACE, 2).name("after-midnight").startEpochNanos(midnight).build();
        Span nextWeek = span(TRACE, 3).name("next-week").startEpochNanos(midnight + 7 * TestSpans.DAY_NANOS).build();
        write(nextWeek, after);
        write(before);
        assertThat(spansOf(TRACE)).containsExactly(before, after, nextWeek);
    }

    /** Jaeger's integration suite writes 10,008 spans over about 2.8 hours. */
    @Test
    void getTrace_returnsATraceOfMoreThanTenThousandSpansWhole() {
        List<Span> spans = TestSpans.trace(TRACE, 10_008, 1_000_000_000L);
        write(spans);
        assertThat(spansOf(TRACE)).containsExactlyElementsOf(spans);
    }

    @Test
    void write_sameSpanTwiceKeepsOneCopy() {
        Span span = TestSpans.everyField(TRACE, 5, 0, 0);
        write(span);
        write(span, span);
        assertThat(spansOf(TRACE)).containsExactly(span);
    }

    @Test
    void write_sameTraceSpanIdAndMicrosecondAgainKeepsTheLastWrite() {
        Span first = span(TRACE, 5).startEpochNanos(at(1_000)).name("first").build();
        Span sameMicrosecond = span(TRACE, 5).startEpochNanos(at(1_999)).name("rewritten").build();
        write(first);
        write(sameMicrosecond);
        assertThat(spansOf(TRACE)).containsExactly(sameMicrosecond);
    }

    @Test
    void write_sameSpanIdWithAnotherStartTimeKeepsBoth() {
        Span client = span(TRACE, 5).kind(SpanKind.CLIENT).startEpochNanos(at(1_000)).build();
        Span server = span(TRACE, 5).kind(SpanKind.SERVER).startEpochNanos(at(2_000)).resource(TestSpans.CUSTOMER).build();
        write(client);
        write(server);
        assertThat(spansOf(TRACE)).containsExactly(client, server);
    }

    @Test
    void write_emptyBatchChangesNothing() {
        write(List.of());
        assertThat(getTrace(TRACE)).isEmpty();
        assertThat(store().serviceCatalog().getServices()).isEmpty();
    }

    @Test
    void write_fromConcurrentWritersWhileReadingLosesNothing() throws Exception {
        int writers = 8;
        int batchesPerWriter = 20;
        int spansPerBatch = 25;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            Future<?> reader = pool.submit(() -> {
                while (writing.get()) {
                    getTrace(TRACE).ifPresent(trace -> assertThat(trace.spans()).isSortedAccordingTo(Trace.STORAGE_ORDER));
                }
            });
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writes.add(pool.submit(() -> {
                    for (int b = 0; b < batchesPerWriter; b++) {
                        List<Span> batch = new ArrayList<>();
                        for (int s = 0; s < spansPerBatch; s++) {
                            long spanId = ((long) writer << 32) | ((long) b << 16) | s;
                            batch.add(span(TRACE, spanId).startEpochNanos(at(spanId)).build());
                            batch.add(span(TraceId.of(writer + 1, b), spanId).build());
                        }
                        write(batch);
                    }
                }));
            }
            for (Future<?> w : writes) {
                w.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            reader.get(1, TimeUnit.MINUTES);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }

        assertThat(spansOf(TRACE)).hasSize(writers * batchesPerWriter * spansPerBatch);
        for (int w = 0; w < writers; w++) {
            for (int b = 0; b < batchesPerWriter; b++) {
                assertThat(spansOf(TraceId.of(w + 1, b))).hasSize(spansPerBatch);
            }
        }
    }
}

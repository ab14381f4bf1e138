package io.sightline.storage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.StorageComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every storage backend must do, asserted once. A backend's test class extends this
 * unchanged and says only how to open a fresh, empty store.
 */
public abstract class StorageConformanceTest {
    private static final TraceId TRACE = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");

    protected StorageComponent storage;

    /** A new, empty store; the suite closes it after each test. */
    protected abstract StorageComponent openStorage() throws Exception;

    @BeforeEach
    void openFreshStorage() throws Exception {
        storage = openStorage();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Test
    void getTrace_returnsEveryFieldOfEverySpanAsWritten() {
        Span root = TestSpans.rich(TRACE, 0x00f067aa0ba902b7L, 0, 0);
        Span child = TestSpans.rich(TRACE, 0x53995c3f42cd8ad8L, 0x00f067aa0ba902b7L, 10_000_000).toBuilder()
                .resource(TestSpans.MYSQL).kind(SpanKind.CLIENT).build();
        storage.spanWriter().write(List.of(root, child));

        Trace trace = storage.traceReader().getTrace(TRACE).orElseThrow();
        assertThat(trace.traceId()).isEqualTo(TRACE);
        assertThat(trace.spans()).containsExactly(root, child);
    }

    @Test
    void getTrace_ordersSpansByStartTimeThenUnsignedSpanId() {
        Span late = TestSpans.simple(TRACE, 1, TestSpans.FRONTEND, "late", SpanKind.SERVER, 3_000_000);
        Span earlyHighId = TestSpans.simple(TRACE, -1L, TestSpans.FRONTEND, "early-high", SpanKind.SERVER, 1_000_000);
        Span earlyLowId = TestSpans.simple(TRACE, 2, TestSpans.FRONTEND, "early-low", SpanKind.SERVER, 1_000_000);
        storage.spanWriter().write(List.of(late, earlyHighId, earlyLowId));

        assertThat(storage.traceReader().getTrace(TRACE).orElseThrow().spans())
                .extracting(Span::name).containsExactly("early-low", "early-high", "late");
    }

    @Test
    void getTrace_unknownIdIsEmpty() {
        storage.spanWriter().write(List.of(TestSpans.simple(TRACE, 1, TestSpans.FRONTEND, "op", SpanKind.SERVER, 0)));
        assertThat(storage.traceReader().getTrace(TraceId.of(1, 1))).isEmpty();
    }

    @Test
    void sixtyFourBitAndOneHundredTwentyEightBitIdsWithTheSameLowHalfAreDifferentTraces() {
        TraceId short64 = TraceId.of(0, 0xabc);
        TraceId long128 = TraceId.of(1, 0xabc);
        storage.spanWriter().write(List.of(
                TestSpans.simple(short64, 1, TestSpans.FRONTEND, "short", SpanKind.SERVER, 0),
                TestSpans.simple(long128, 2, TestSpans.FRONTEND, "long", SpanKind.SERVER, 0)));

        assertThat(storage.traceReader().getTrace(short64).orElseThrow().spans()).extracting(Span::name).containsExactly("short");
        assertThat(storage.traceReader().getTrace(long128).orElseThrow().spans()).extracting(Span::name).containsExactly("long");
    }

    @Test
    void getTrace_returnsATraceWrittenInSeveralBatchesWhole() {
        storage.spanWriter().write(List.of(TestSpans.simple(TRACE, 1, TestSpans.FRONTEND, "a", SpanKind.SERVER, 0)));
        storage.spanWriter().write(List.of(TestSpans.simple(TRACE, 2, TestSpans.MYSQL, "b", SpanKind.CLIENT, 1_000)));
        assertThat(storage.traceReader().getTrace(TRACE).orElseThrow().spans()).hasSize(2);
    }

    @Test
    void getTrace_returnsTracesOfMoreThanTenThousandSpansWhole() {
        List<Span> spans = new ArrayList<>();
        for (int i = 1; i <= 12_000; i++) {
            spans.add(TestSpans.simple(TRACE, i, TestSpans.FRONTEND, "op", SpanKind.INTERNAL, i * 1_000L));
        }
        storage.spanWriter().write(spans);
        assertThat(storage.traceReader().getTrace(TRACE).orElseThrow().spans()).hasSize(12_000);
    }

    @Test
    void write_sameSpanTwiceKeepsOneCopy() {
        Span span = TestSpans.rich(TRACE, 5, 0, 0);
        storage.spanWriter().write(List.of(span));
        storage.spanWriter().write(List.of(span));
        assertThat(storage.traceReader().getTrace(TRACE).orElseThrow().spans()).containsExactly(span);
    }

    @Test
    void spansOfDifferentDaysBelongToOneTrace() {
        long day = 86_400_000_000_000L;
        storage.spanWriter().write(List.of(
                TestSpans.simple(TRACE, 1, TestSpans.FRONTEND, "before-midnight", SpanKind.SERVER, day / 2 - 1),
                TestSpans.simple(TRACE, 2, TestSpans.FRONTEND, "after-midnight", SpanKind.SERVER, day / 2 + 1)));
        assertThat(storage.traceReader().getTrace(TRACE).orElseThrow().spans()).hasSize(2);
    }

    @Test
    void getServices_isSortedAndDeduplicated() {
        storage.spanWriter().write(List.of(
                TestSpans.simple(TRACE, 1, TestSpans.MYSQL, "SELECT", SpanKind.CLIENT, 0),
                TestSpans.simple(TRACE, 2, TestSpans.FRONTEND, "GET /", SpanKind.SERVER, 0),
                TestSpans.simple(TRACE, 3, TestSpans.FRONTEND, "GET /", SpanKind.SERVER, 0)));
        assertThat(storage.serviceCatalog().getServices()).containsExactly("frontend", "mysql");
    }

    @Test
    void getOperations_filtersBySpanKindAndNullMeansEveryKind() {
        storage.spanWriter().write(List.of(
                TestSpans.simple(TRACE, 1, TestSpans.FRONTEND, "GET /", SpanKind.SERVER, 0),
                TestSpans.simple(TRACE, 2, TestSpans.FRONTEND, "GET /", SpanKind.CLIENT, 0),
                TestSpans.simple(TRACE, 3, TestSpans.FRONTEND, "render", SpanKind.UNSPECIFIED, 0),
                TestSpans.simple(TRACE, 4, TestSpans.MYSQL, "SELECT", SpanKind.CLIENT, 0)));
        assertThat(storage.serviceCatalog().getOperations("frontend", null)).containsExactly(
                new Operation("GET /", SpanKind.SERVER), new Operation("GET /", SpanKind.CLIENT),
                new Operation("render", SpanKind.UNSPECIFIED));
        assertThat(storage.serviceCatalog().getOperations("frontend", SpanKind.CLIENT))
                .containsExactly(new Operation("GET /", SpanKind.CLIENT));
        assertThat(storage.serviceCatalog().getOperations("nobody", null)).isEmpty();
    }

    @Test
    void emptyStore_hasNoServicesAndIsHealthy() {
        assertThat(storage.serviceCatalog().getServices()).isEmpty();
        assertThat(storage.check().healthy()).isTrue();
    }
}

package io.sightline.query;

import static io.sightline.query.Spans.TRACE_128;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClockSkewAdjusterTest {
    private static final long MS = 1_000_000L;
    private static final Resource HOST_A = new Resource("frontend", List.of(Attribute.of("ip", "10.0.0.1")));
    private static final Resource HOST_A_OTHER_SERVICE = new Resource("cache", List.of(Attribute.of("ip", "10.0.0.1")));
    private static final Resource HOST_B = new Resource("driver", List.of(Attribute.of("ip", "10.0.0.2")));

    private static Span span(long id, long parent, Resource resource, long startMs, long durationMs) {
        return Span.builder().traceId(TRACE_128).spanId(id).parentSpanId(parent).name("op")
                .resource(resource).startEpochNanos(startMs * MS).durationNanos(durationMs * MS).build();
    }

    @Test
    void childOnAnotherHostStartingBeforeItsParent_isCentredInItWithItsLogsAndSameHostChildren() {
        Span parent = span(1, 0, HOST_A, 1_000, 100);
        Span child = span(2, 1, HOST_B, 900, 40).toBuilder()
                .addEvent(new SpanEvent(910 * MS, "e", List.of())).build();
        Span grandchild = span(3, 2, HOST_B, 905, 10);
        AdjustableTrace trace = new AdjustableTrace(List.of(parent, child, grandchild));

        new ClockSkewAdjuster(1_000 * MS).adjust(trace);

        // Latency (100 - 40) / 2 = 30 ms each way: the child starts at 1030, a shift of 130 ms.
        assertThat(trace.span(1).startEpochNanos()).isEqualTo(1_030 * MS);
        assertThat(trace.span(1).durationNanos()).isEqualTo(40 * MS);
        assertThat(trace.span(1).events().get(0).epochNanos()).isEqualTo(1_040 * MS);
        assertThat(trace.span(2).startEpochNanos()).isEqualTo(1_035 * MS);
        assertThat(trace.warnings(1)).containsExactly("This span's timestamps were adjusted by 130ms");
        assertThat(trace.warnings(2)).containsExactly("This span's timestamps were adjusted by 130ms");
        assertThat(trace.span(0)).isEqualTo(parent);
        assertThat(trace.warnings(0)).isEmpty();
    }

    @Test
    void childEndingAfterItsParent_isShiftedBack() {
        AdjustableTrace trace = new AdjustableTrace(List.of(
                span(1, 0, HOST_A, 1_000, 100), span(2, 1, HOST_B, 1_080, 40)));

        new ClockSkewAdjuster(1_000 * MS).adjust(trace);

        assertThat(trace.span(1).startEpochNanos()).isEqualTo(1_030 * MS);
        assertThat(trace.warnings(1)).containsExactly("This span's timestamps were adjusted by -50ms");
    }

    @Test
    void childThatFitsOrIsLongerThanItsParentOrOnTheSameHost_isLeftAlone() {
        List<Span> spans = List.of(
                span(1, 0, HOST_A, 1_000, 100),
                span(2, 1, HOST_B, 1_010, 50),             // fits
                span(3, 1, HOST_B, 900, 300),              // longer than its parent: no shift explains it
                span(4, 1, HOST_A_OTHER_SERVICE, 950, 10)); // same ip: same clock
        AdjustableTrace trace = new AdjustableTrace(spans);

        new ClockSkewAdjuster(1_000 * MS).adjust(trace);

        assertThat(trace.spans()).isEqualTo(spans);
        for (int i = 0; i < spans.size(); i++) {
            assertThat(trace.warnings(i)).isEmpty();
        }
    }

    @Test
    void zeroMaxDelta_onlyWarnsAsJaegersDefault() {
        Span child = span(2, 1, HOST_B, 900, 40);
        AdjustableTrace trace = new AdjustableTrace(List.of(span(1, 0, HOST_A, 1_000, 100), child));

        new ClockSkewAdjuster(0).adjust(trace);

        assertThat(trace.span(1)).isEqualTo(child);
        assertThat(trace.warnings(1))
                .containsExactly("clock skew adjustment disabled; not applying calculated delta of 130ms");
    }

    @Test
    void deltaBeyondTheMaximum_isNotAppliedAndSaysSo() {
        Span child = span(2, 1, HOST_B, 900, 40);
        AdjustableTrace trace = new AdjustableTrace(List.of(span(1, 0, HOST_A, 1_000, 100), child));

        new ClockSkewAdjuster(100 * MS).adjust(trace);

        assertThat(trace.span(1)).isEqualTo(child);
        assertThat(trace.warnings(1)).containsExactly(
                "max clock skew adjustment delta of 100ms exceeded; not applying calculated delta of 130ms");
    }

    @Test
    void withoutIp_hostIsHostNameThenService() {
        Resource frontend = new Resource("frontend", List.of());
        Resource sameServiceOtherHost = new Resource("frontend", List.of(Attribute.of("host.name", "b")));
        AdjustableTrace trace = new AdjustableTrace(List.of(
                span(1, 0, frontend, 1_000, 100),
                span(2, 1, frontend, 1_090, 40),             // async work of the same process: kept
                span(3, 1, sameServiceOtherHost, 1_090, 40))); // another host: shifted

        new ClockSkewAdjuster(1_000 * MS).adjust(trace);

        assertThat(trace.span(1).startEpochNanos()).isEqualTo(1_090 * MS);
        assertThat(trace.span(2).startEpochNanos()).isEqualTo(1_030 * MS);
    }

    @Test
    void numericIp_isTheSameHostAsItsDottedQuad() {
        Resource numeric = new Resource("cache", List.of(Attribute.of("ip", 167772161L))); // 10.0.0.1
        List<Span> spans = List.of(span(1, 0, HOST_A, 1_000, 100), span(2, 1, numeric, 900, 40));
        AdjustableTrace trace = new AdjustableTrace(spans);

        new ClockSkewAdjuster(1_000 * MS).adjust(trace);

        assertThat(trace.spans()).isEqualTo(spans);
    }

    @Test
    void missingParentOrDuplicateId_isWarnedAndNotAdjusted() {
        Span orphan = span(2, 7, HOST_B, 900, 40);
        Span duplicate = span(1, 0, HOST_B, 5, 1);
        AdjustableTrace trace = new AdjustableTrace(List.of(span(1, 0, HOST_A, 1_000, 100), orphan, duplicate));

        new ClockSkewAdjuster(1_000 * MS).adjust(trace);

        assertThat(trace.span(1)).isEqualTo(orphan);
        assertThat(trace.warnings(1)).containsExactly(
                "parent span ID=0000000000000007 is not in the trace; skipping clock skew adjustment");
        assertThat(trace.warnings(2)).containsExactly(ClockSkewAdjuster.WARNING_DUPLICATE_ID);
    }

    @Test
    void deepChain_isWalkedWithoutRecursion() {
        // Every span 2 ms shorter than its parent, on alternating hosts, starting 1 ms before the
        // root: each is centred 1 ms into its already shifted parent.
        List<Span> chain = new ArrayList<>();
        chain.add(span(1, 0, HOST_A, 1_000_000, 1_000_000));
        for (int i = 2; i <= 100_000; i++) {
            chain.add(span(i, i - 1, i % 2 == 0 ? HOST_B : HOST_A, 999_999, 1_000_000 - 2L * (i - 1)));
        }
        AdjustableTrace trace = new AdjustableTrace(chain);

        new ClockSkewAdjuster(1_000_000 * MS).adjust(trace);

        assertThat(trace.span(1).startEpochNanos()).isEqualTo(1_000_001 * MS);
        assertThat(trace.span(99_999).startEpochNanos()).isEqualTo(1_099_999 * MS);
        assertThat(trace.warnings(99_999)).containsExactly("This span's timestamps were adjusted by 1m40s");
    }

    @Test
    void negativeMaxDelta_isRejected() {
        assertThatThrownBy(() -> new ClockSkewAdjuster(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}

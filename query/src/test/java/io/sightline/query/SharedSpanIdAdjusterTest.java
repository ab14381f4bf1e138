package io.sightline.query;

import static io.sightline.query.Spans.TRACE_128;
import static io.sightline.query.Spans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedSpanIdAdjusterTest {

    @Test
    void serverSpanSharingAClientId_getsTheFirstFreeIdAndTheClientAsParent() {
        Span root = span(TRACE_128, 1).kind(SpanKind.SERVER).build();
        Span client = span(TRACE_128, 3).parentSpanId(1).kind(SpanKind.CLIENT).build();
        Span server = span(TRACE_128, 3).parentSpanId(1).kind(SpanKind.SERVER).build();
        Span underServer = span(TRACE_128, 4).parentSpanId(3).kind(SpanKind.CLIENT).build();
        AdjustableTrace trace = new AdjustableTrace(List.of(root, client, server, underServer));

        new SharedSpanIdAdjuster().adjust(trace);

        // 1 is taken by the root, so the server span becomes 2.
        assertThat(trace.span(0)).isEqualTo(root);
        assertThat(trace.span(1)).isEqualTo(client);
        assertThat(trace.span(2).spanId()).isEqualTo(2);
        assertThat(trace.span(2).parentSpanId()).isEqualTo(3);
        assertThat(trace.span(3).parentSpanId()).isEqualTo(2);
    }

    @Test
    void leavesTracesWithoutSharedIdsAlone() {
        Span root = span(TRACE_128, 1).kind(SpanKind.SERVER).build();
        Span client = span(TRACE_128, 2).parentSpanId(1).kind(SpanKind.CLIENT).build();
        Span otherServer = span(TRACE_128, 5).parentSpanId(2).kind(SpanKind.SERVER).build();
        // Sharing with a non-client span is not Zipkin's shared span: not renamed.
        Span internal = span(TRACE_128, 5).parentSpanId(2).kind(SpanKind.INTERNAL).build();
        List<Span> spans = List.of(root, client, otherServer, internal);
        AdjustableTrace trace = new AdjustableTrace(spans);

        new SharedSpanIdAdjuster().adjust(trace);

        assertThat(trace.spans()).isEqualTo(spans);
    }
}

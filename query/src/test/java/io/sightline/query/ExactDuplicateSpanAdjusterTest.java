package io.sightline.query;

import static io.sightline.query.Spans.TRACE_128;
import static io.sightline.query.Spans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExactDuplicateSpanAdjusterTest {

    @Test
    void dropsSpansEqualInEveryFieldKeepingTheFirst() {
        Span a = span(TRACE_128, 1).addAttribute(Attribute.of("k", "v")).build();
        Span aAgain = span(TRACE_128, 1).addAttribute(Attribute.of("k", "v")).build();
        Span b = span(TRACE_128, 2).build();
        AdjustableTrace trace = new AdjustableTrace(List.of(a, b, aAgain, b));
        trace.warn(1, "kept with b");

        new ExactDuplicateSpanAdjuster().adjust(trace);

        assertThat(trace.spans()).containsExactly(a, b);
        assertThat(trace.warnings(1)).containsExactly("kept with b");
    }

    @Test
    void keepsSpansThatOnlyShareTheirId() {
        Span a = span(TRACE_128, 1).build();
        Span sameIdOtherTag = span(TRACE_128, 1).addAttribute(Attribute.of("k", "v")).build();
        AdjustableTrace trace = new AdjustableTrace(List.of(a, sameIdOtherTag));

        new ExactDuplicateSpanAdjuster().adjust(trace);

        assertThat(trace.spans()).containsExactly(a, sameIdOtherTag);
    }
}

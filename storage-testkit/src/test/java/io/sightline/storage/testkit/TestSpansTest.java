package io.sightline.storage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeType;
import io.sightline.core.model.Span;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixtures must really exercise what the suite claims they do. */
class TestSpansTest {
    @Test
    void everyAttributeType_usesEveryValueType() {
        assertThat(TestSpans.everyAttributeType()).extracting(a -> a.value().type())
                .contains(AttributeType.values());
    }

    @Test
    void everyField_setsEveryFieldToANonDefaultValue() {
        Span span = TestSpans.everyField(TraceId.of(1, 2), 3, 4, 0);
        assertThat(span.traceState()).isNotEmpty();
        assertThat(span.flags()).isGreaterThan(1);
        assertThat(span.parentSpanId()).isNotZero();
        assertThat(span.startEpochNanos() % 1_000).isNotZero();
        assertThat(span.events()).hasSizeGreaterThan(1);
        assertThat(span.links()).anySatisfy(link -> {
            assertThat(link.traceState()).isNotEmpty();
            assertThat(link.attributes()).isNotEmpty();
        });
        assertThat(span.statusMessage()).isNotEmpty();
        assertThat(span.resource().attributes()).extracting(Attribute::value).extracting(v -> v.type())
                .contains(AttributeType.values());
        assertThat(span.scope().name()).isNotEmpty();
        assertThat(span.scope().version()).isNotEmpty();
    }

    @Test
    void trace_isOneTreeInStartOrder() {
        List<Span> spans = TestSpans.trace(TraceId.of(0, 1), 100, 1_000);
        assertThat(spans).hasSize(100).isSortedAccordingTo(Trace.STORAGE_ORDER);
        assertThat(spans.get(0).isRoot()).isTrue();
        assertThat(spans.subList(1, 100)).allSatisfy(span -> assertThat(span.parentSpanId()).isBetween(1L, 50L));
    }
}

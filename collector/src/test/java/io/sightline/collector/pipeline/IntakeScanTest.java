package io.sightline.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.TraceId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one walk must agree with cutting, counting and sizing done one after another. */
class IntakeScanTest {
    private static final int MAX_CHARS = 10;
    private static final Resource FRONTEND = new Resource("frontend", List.of());
    private static final Resource DB = new Resource("db", List.of());

    private static Span span(long id, Resource resource, List<Attribute> attributes, List<SpanEvent> events,
                             List<SpanLink> links) {
        return Span.builder().traceId(TraceId.of(0, 1)).spanId(id).parentSpanId(id == 1 ? 0 : 1).name("op-" + id)
                .resource(resource).attributes(attributes).events(events).links(links).build();
    }

    private static Span plain(long id, Resource resource) {
        return span(id, resource, List.of(Attribute.of("k", "v".repeat(MAX_CHARS)), Attribute.of("n", 42L)),
                List.of(new SpanEvent(5, "log", List.of(Attribute.of("msg", "short")))), List.of());
    }

    @Test
    void aBatchWithNothingToCut_isTheSameList_sizedAsSpanSizesSizesIt() {
        List<Span> batch = List.of(plain(1, FRONTEND), plain(2, DB), plain(3, FRONTEND));
        IntakeScan scan = IntakeScan.of(batch, MAX_CHARS);
        assertThat(scan.spans).isSameAs(batch);
        assertThat(scan.truncatedSpans).isZero();
        assertThat(scan.estimatedBytes).isEqualTo(SpanSizes.estimateBytes(batch));
    }

    @Test
    void cutSpansAreCountedOnce_andSizedAsCut_whileTheOthersStayTheSameInstances() {
        String tooLong = "x".repeat(MAX_CHARS + 1);
        Span longAttribute = span(2, FRONTEND,
                List.of(Attribute.of("a", tooLong), Attribute.of("b", tooLong)), List.of(), List.of());
        Span longEventBytes = span(3, DB, List.of(),
                List.of(new SpanEvent(5, "log", List.of(new Attribute("blob", AttributeValue.of(new byte[MAX_CHARS + 5]))))),
                List.of());
        // Links and values nested in arrays are never cut, so these spans stay as they are.
        Span longLinkAttribute = span(4, DB, List.of(), List.of(),
                List.of(new SpanLink(TraceId.of(0, 2), 9, "", List.of(Attribute.of("a", tooLong)))));
        Span longNestedValue = span(5, DB, List.of(new Attribute("list",
                new AttributeValue.ArrayValue(List.of(AttributeValue.of(tooLong))))), List.of(), List.of());
        List<Span> batch = List.of(plain(1, FRONTEND), longAttribute, longEventBytes, longLinkAttribute, longNestedValue);

        IntakeScan scan = IntakeScan.of(batch, MAX_CHARS);

        assertThat(scan.truncatedSpans).isEqualTo(2);
        assertThat(scan.spans).hasSize(5);
        assertThat(scan.spans.get(0)).isSameAs(batch.get(0));
        assertThat(scan.spans.get(1)).isEqualTo(AttributeTruncation.apply(longAttribute, MAX_CHARS))
                .isNotEqualTo(longAttribute);
        assertThat(scan.spans.get(1).attributes()).contains(Attribute.of(AttributeTruncation.TRUNCATED_KEYS_ATTRIBUTE, "a,b"));
        assertThat(scan.spans.get(2).events().get(0).attributes().get(0).value())
                .isEqualTo(AttributeValue.of(new byte[MAX_CHARS]));
        assertThat(scan.spans.get(3)).isSameAs(longLinkAttribute);
        assertThat(scan.spans.get(4)).isSameAs(longNestedValue);
        assertThat(scan.estimatedBytes).isEqualTo(SpanSizes.estimateBytes(scan.spans));
    }

    @Test
    void theTallyCountsEverySpanOfTheBatchPerService() {
        List<Span> batch = List.of(plain(1, FRONTEND), plain(2, DB), plain(3, FRONTEND), plain(4, DB), plain(5, FRONTEND));
        ServiceTally tally = IntakeScan.of(batch, MAX_CHARS).tally;
        assertThat(tally.services()).extracting(c -> c.serviceName).containsExactly("frontend", "db");
        assertThat(tally.services()).extracting(c -> c.spans(false)).containsExactly(3, 2);
        assertThat(tally.services().get(0).roots(false, SamplerType.UNRECOGNIZED)).isEqualTo(1);
        assertThat(tally.services().get(1).roots(false, SamplerType.UNRECOGNIZED)).isZero();
    }
}

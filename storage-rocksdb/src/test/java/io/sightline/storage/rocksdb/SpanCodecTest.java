package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.StorageException;
import io.sightline.storage.testkit.TestSpans;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanCodecTest {
    private static final TraceId TRACE = TraceId.of(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L);

    private static StoredSources.Id sourceId(Span span) {
        return StoredSources.Encoded.of(span.resource(), span.scope()).id();
    }

    private static byte[] encode(Span span) {
        return SpanCodec.encode(span, sourceId(span));
    }

    /** Finds the source of {@code span} only, as a partition holding only it would. */
    private static SpanCodec.SourceLookup sourcesOf(Span span) {
        StoredSources.Encoded stored = StoredSources.Encoded.of(span.resource(), span.scope());
        return id -> {
            if (!id.equals(stored.id())) {
                throw new StorageException("no source " + id);
            }
            return SpanCodec.decodeSource(stored.value());
        };
    }

    /** Decodes {@code body} with the IDs and start that {@link TracePieces} stores beside it, taken from {@code span}. */
    private static Span decode(Span span, byte[] body, SpanCodec.SourceLookup sources) {
        return SpanCodec.decode(span.traceId(), span.spanId(), span.startEpochMicros(), body, sources);
    }

    private static Span roundTrip(Span span) {
        return decode(span, encode(span), sourcesOf(span));
    }

    @Test
    void sources_roundTripResourceAndScope_andTheirIdFollowsTheContent() {
        Span span = TestSpans.everyField(TRACE, 1, 2, 0);
        StoredSources.Encoded stored = StoredSources.Encoded.of(span.resource(), span.scope());
        assertThat(SpanCodec.decodeSource(stored.value()))
                .isEqualTo(new StoredSources.Source(span.resource(), span.scope()));
        assertThat(SpanCodec.decodeSource(SpanCodec.encodeSource(TestSpans.FRONTEND, InstrumentationScope.EMPTY)).scope())
                .isSameAs(InstrumentationScope.EMPTY);
        assertThat(StoredSources.Encoded.of(span.resource(), span.scope()).id()).isEqualTo(stored.id());
        assertThat(StoredSources.Encoded.of(span.resource(), InstrumentationScope.EMPTY).id()).isNotEqualTo(stored.id());
        assertThat(StoredSources.Encoded.of(new Resource(span.serviceName() + "x", span.resource().attributes()),
                span.scope()).id()).isNotEqualTo(stored.id());
    }

    @Test
    void decode_saysWhenTheSourceIsMissing() {
        Span span = TestSpans.span(TRACE, 1).build();
        SpanCodec.SourceLookup none = id -> {
            throw new StorageException("partition p holds spans of source " + id + " but not the source itself");
        };
        assertThatThrownBy(() -> decode(span, encode(span), none))
                .isInstanceOf(StorageException.class).hasMessageContaining("not the source itself");
    }

    @Test
    void roundTrip_keepsEveryFieldAndEveryAttributeType() {
        Span span = TestSpans.everyField(TRACE, 0x00f067aa0ba902b7L, 0x53995c3f42cd8ad8L, 0);
        assertThat(roundTrip(span)).isEqualTo(span);
    }

    @Test
    void roundTrip_keepsEachAttributeTypeAlone() {
        for (Attribute attribute : TestSpans.everyAttributeType()) {
            Span span = TestSpans.span(TRACE, 1).attributes(List.of(attribute)).build();
            assertThat(roundTrip(span)).as(attribute.key()).isEqualTo(span);
        }
    }

    @Test
    void roundTrip_keepsTheDefaultsOfAMinimalSpan() {
        Span minimal = Span.builder().traceId(TraceId.of(0, 1)).spanId(0).resource(TestSpans.FRONTEND).build();
        assertThat(roundTrip(minimal)).isEqualTo(minimal);
    }

    @Test
    void roundTrip_keepsExtremeIdsTimesAndFlags() {
        Span extreme = TestSpans.everyField(TraceId.of(-1L, Long.MIN_VALUE), -1L, Long.MIN_VALUE, 0).toBuilder()
                .flags(Integer.MIN_VALUE)
                .durationNanos(Long.MAX_VALUE)
                .events(List.of(new SpanEvent(Long.MIN_VALUE, "", List.of()), new SpanEvent(Long.MAX_VALUE, "x", List.of())))
                .build();
        for (long start : new long[] {0, 1, 999, -1, -1_500, Long.MIN_VALUE, Long.MAX_VALUE, TestSpans.at(123)}) {
            Span span = extreme.toBuilder().startEpochNanos(start).build();
            assertThat(roundTrip(span)).as("start %d", start).isEqualTo(span);
        }
    }

    @Test
    void encode_doesNotRepeatWhatTheKeyHolds() {
        Span minimal = Span.builder().traceId(TRACE).spanId(-1L).startEpochNanos(TestSpans.at(0))
                .name("op").resource(new Resource("svc", List.of())).build();
        // version, head, present, duration, name, source: no IDs, no start, no resource.
        assertThat(encode(minimal)).hasSize(3 + 1 + 3 + 16);
    }

    @Test
    void encode_storesALinkIntoTheSameTraceWithoutItsTraceId() {
        Span base = TestSpans.span(TRACE, 1).build();
        int sameTrace = encode(base.toBuilder()
                .links(List.of(new SpanLink(TRACE, 2, "", List.of()))).build()).length;
        int otherTrace = encode(base.toBuilder()
                .links(List.of(new SpanLink(TraceId.of(1, 2), 2, "", List.of()))).build()).length;
        assertThat(otherTrace - sameTrace).isEqualTo(16);
    }

    @Test
    void decode_everyTruncationIsACorruptionError() {
        Span span = TestSpans.everyField(TRACE, 3, 2, 0);
        byte[] encoded = encode(span);
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThatThrownBy(() -> decode(span, truncated, sourcesOf(span))).as("length %d", length)
                    .isInstanceOf(StorageException.class);
        }
    }

    @Test
    void decode_trailingBytesAreACorruptionError() {
        Span span = TestSpans.span(TRACE, 1).build();
        byte[] encoded = Arrays.copyOf(encode(span), encode(span).length + 1);
        assertThatThrownBy(() -> decode(span, encoded, sourcesOf(span)))
                .isInstanceOf(StorageException.class).hasMessageContaining("corrupt stored span");
    }

    @Test
    void decode_unknownFormatVersionSaysWhichVersion() {
        Span span = TestSpans.span(TRACE, 1).build();
        byte[] encoded = encode(span);
        encoded[0] = 9;
        assertThatThrownBy(() -> decode(span, encoded, sourcesOf(span)))
                .isInstanceOf(StorageException.class).hasMessageContaining("format version 9");
    }

    @Test
    void encode_refusesValuesNestedDeeperThanDecodeReadsBack() {
        AttributeValue deep = AttributeValue.of("leaf");
        for (int i = 0; i < 1_000; i++) {
            deep = new AttributeValue.ArrayValue(List.of(deep));
        }
        Span span = TestSpans.span(TRACE, 1).attributes(List.of(new Attribute("deep", deep))).build();
        assertThatThrownBy(() -> encode(span)).isInstanceOf(StorageException.class).hasMessageContaining("nested");
    }

    @Test
    void decode_deeplyNestedGarbageFailsWithoutOverflowingTheStack() {
        Span span = TestSpans.span(TRACE, 1).build();
        // version, head, present = attributes, duration 0, name "", one attribute with key "", then arrays of one.
        byte[] value = new byte[8 + 2 * 100_000];
        byte[] head = {SpanCodec.FORMAT_VERSION, 0, 2, 0, 0, 1, 0};
        System.arraycopy(head, 0, value, 0, head.length);
        for (int i = head.length; i + 1 < value.length; i += 2) {
            value[i] = 6;
            value[i + 1] = 1;
        }
        assertThatThrownBy(() -> decode(span, value, sourcesOf(span)))
                .isInstanceOf(StorageException.class).hasMessageContaining("nested");
    }
}

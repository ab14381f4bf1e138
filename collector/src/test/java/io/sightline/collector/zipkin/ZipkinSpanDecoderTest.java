package io.sightline.collector.zipkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.collector.InvalidSpansException;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesDecoder;

class ZipkinSpanDecoderTest {
    private static final String TRACE_ID = "463ac35c9f6413ad";
    private static final Endpoint FRONTEND = Endpoint.newBuilder().serviceName("frontend").ip("10.0.0.1").port(8080).build();

    private static zipkin2.Span.Builder span() {
        return zipkin2.Span.newBuilder().traceId(TRACE_ID).id("000000000000000a").name("get /users")
                .timestamp(1_700_000_000_000_000L).duration(250).localEndpoint(FRONTEND);
    }

    private static Span decode(zipkin2.Span span) {
        return ZipkinSpanDecoder.decode(List.of(span)).get(0);
    }

    @Test
    void clientSpan_mapsIdsNameTimesKindAndParent() {
        Span span = decode(span().parentId("0000000000000009").kind(zipkin2.Span.Kind.CLIENT).build());

        assertThat(span.traceId()).isEqualTo(TraceId.of(0, 0x463ac35c9f6413adL));
        assertThat(span.spanId()).isEqualTo(10);
        assertThat(span.parentSpanId()).isEqualTo(9);
        assertThat(span.name()).isEqualTo("get /users");
        assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.startEpochNanos()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(span.durationNanos()).isEqualTo(250_000);
        assertThat(span.flags()).isZero();
        assertThat(span.statusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.events()).isEmpty();
        assertThat(span.links()).isEmpty();
    }

    @Test
    void rootSpan_hasNoParent() {
        assertThat(decode(span().build()).isRoot()).isTrue();
    }

    @Test
    void traceId128Bit_keepsBothHalves() {
        Span span = decode(span().traceId("5af7183fb1d4cf5f" + TRACE_ID).build());
        assertThat(span.traceId()).isEqualTo(TraceId.of(0x5af7183fb1d4cf5fL, 0x463ac35c9f6413adL));
        assertThat(span.traceId().toHex()).isEqualTo("5af7183fb1d4cf5f463ac35c9f6413ad");
    }

    @Test
    void serverKind_isServer() {
        assertThat(decode(span().kind(zipkin2.Span.Kind.SERVER).build()).kind()).isEqualTo(SpanKind.SERVER);
    }

    @Test
    void producerAndConsumer_haveNoKindButAnMsOrMrLogAtTheStart_asInJaeger() {
        Span producer = decode(span().kind(zipkin2.Span.Kind.PRODUCER).build());
        assertThat(producer.kind()).isEqualTo(SpanKind.UNSPECIFIED);
        assertThat(producer.events()).containsExactly(new SpanEvent(producer.startEpochNanos(), "ms", List.of()));

        Span consumer = decode(span().kind(zipkin2.Span.Kind.CONSUMER).build());
        assertThat(consumer.kind()).isEqualTo(SpanKind.UNSPECIFIED);
        assertThat(consumer.events()).containsExactly(new SpanEvent(consumer.startEpochNanos(), "mr", List.of()));
    }

    @Test
    void localEndpoint_givesServiceAndIpProcessTag_butNotThePort() {
        Span span = decode(span().build());
        assertThat(span.resource()).isEqualTo(new Resource("frontend", List.of(Attribute.of("ip", 167772161L))));
    }

    @Test
    void localEndpointWithoutName_isUnknownServiceWithoutIp() {
        Span unnamed = decode(span().localEndpoint(Endpoint.newBuilder().ip("10.0.0.1").build()).build());
        assertThat(unnamed.resource()).isEqualTo(new Resource("unknown-service-name", List.of()));

        Span none = decode(span().localEndpoint(null).build());
        assertThat(none.serviceName()).isEqualTo("unknown-service-name");
    }

    @Test
    void remoteEndpoint_becomesPeerTags_forEveryKind() {
        Endpoint remote = Endpoint.newBuilder().serviceName("backend").ip("1.2.3.4").port(9000).build();
        for (zipkin2.Span.Kind kind : zipkin2.Span.Kind.values()) {
            Span span = decode(span().kind(kind).remoteEndpoint(remote).build());
            assertThat(span.attributes()).as(kind.name()).containsExactly(
                    Attribute.of("peer.service", "backend"),
                    Attribute.of("peer.ipv4", 16909060L),
                    Attribute.of("peer.port", 9000L));
        }
    }

    @Test
    void remoteIpv6AndUnnamedRemote_areBinaryAndEmptyService() {
        Endpoint remote = Endpoint.newBuilder().ip("2001:db8::c001").build();
        Span span = decode(span().kind(zipkin2.Span.Kind.CLIENT).remoteEndpoint(remote).build());
        byte[] ipv6 = remote.ipv6Bytes();
        assertThat(span.attributes()).containsExactly(
                Attribute.of("peer.service", ""),
                new Attribute("peer.ipv6", AttributeValue.of(ipv6)));
    }

    @Test
    void remoteEndpointWithoutKind_isDropped_asInJaeger() {
        Span span = decode(span().remoteEndpoint(Endpoint.newBuilder().serviceName("backend").build())
                .putTag("k", "v").build());
        assertThat(span.attributes()).containsExactly(Attribute.of("k", "v"));
    }

    @Test
    void tags_areStringAttributes_withLcAsComponent() {
        Span span = decode(span().putTag("http.method", "GET").putTag("http.status_code", "200")
                .putTag("lc", "jdbc").build());
        assertThat(span.attributes()).containsExactlyInAnyOrder(
                Attribute.of("http.method", "GET"),
                Attribute.of("http.status_code", "200"),
                Attribute.of("component", "jdbc"));
    }

    @Test
    void jaegerClientTags_moveToTheProcess_sortedByKey() {
        Span span = decode(span().putTag("jaegerClient", "Java-1.8").putTag("jaeger.hostname", "web-1")
                .putTag("other", "x").build());
        assertThat(span.attributes()).containsExactly(Attribute.of("other", "x"));
        assertThat(span.resource().attributes()).containsExactly(
                Attribute.of("hostname", "web-1"),
                Attribute.of("ip", 167772161L),
                Attribute.of("jaeger.version", "Java-1.8"));
    }

    @Test
    void errorTagEmptyOrTrue_isErrorStatus_withoutTheTag() {
        for (String value : new String[] {"", "true"}) {
            Span span = decode(span().putTag("error", value).build());
            assertThat(span.statusCode()).as(value).isEqualTo(StatusCode.ERROR);
            assertThat(span.statusMessage()).isEmpty();
            assertThat(span.attributes()).as(value).isEmpty();
        }
    }

    @Test
    void errorTagKey_isMatchedWhateverItsCase_andOnlyWhole() {
        assertThat(decode(span().putTag("ERROR", "true").build()).statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(decode(span().putTag("Error", "false").build()).attributes())
                .containsExactly(Attribute.of("Error", false));
        Span notError = decode(span().putTag("errors", "true").build());
        assertThat(notError.statusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(notError.attributes()).containsExactly(Attribute.of("errors", "true"));
    }

    @Test
    void errorTagFalse_isABooleanTag_andNoError() {
        Span span = decode(span().putTag("error", "false").build());
        assertThat(span.statusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.attributes()).containsExactly(Attribute.of("error", false));
    }

    @Test
    void errorTagWithAMessage_isErrorStatus_andErrorMessageLast() {
        Span span = decode(span().kind(zipkin2.Span.Kind.CLIENT)
                .remoteEndpoint(Endpoint.newBuilder().serviceName("db").build())
                .putTag("Error", "connection refused").putTag("a", "1").build());
        assertThat(span.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.attributes()).containsExactly(
                Attribute.of("a", "1"),
                Attribute.of("peer.service", "db"),
                Attribute.of("error.message", "connection refused"));
    }

    @Test
    void otelStatusCodeTag_isTheStatus_andAnErrorTagWins() {
        assertThat(decode(span().putTag("otel.status_code", "OK").build()))
                .extracting(Span::statusCode, Span::attributes).containsExactly(StatusCode.OK, List.of());
        Span error = decode(span().putTag("otel.status_code", "OK").putTag("error", "timeout").build());
        assertThat(error.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(decode(span().putTag("otel.status_code", "maybe").build()).attributes())
                .containsExactly(Attribute.of("otel.status_code", "maybe"));
    }

    @Test
    void bareSpanWithLocalEndpoint_getsEmptyComponent_asInJaeger() {
        assertThat(decode(span().build()).attributes()).containsExactly(Attribute.of("component", ""));
        assertThat(decode(span().localEndpoint(null).build()).attributes()).isEmpty();
    }

    @Test
    void annotations_areEvents_jsonObjectsAsFields_coreOnesSkipped() {
        Span span = decode(span()
                .addAnnotation(1_700_000_000_000_010L, "cache miss")
                .addAnnotation(1_700_000_000_000_020L, "{\"event\":\"retry\",\"attempt\":\"2\"}")
                .addAnnotation(1_700_000_000_000_030L, "{\"attempt\":2}")
                .addAnnotation(1_700_000_000_000_040L, "ws")
                .addAnnotation(1_700_000_000_000_050L, "sr")
                .build());
        assertThat(span.events()).containsExactly(
                new SpanEvent(1_700_000_000_000_010_000L, "cache miss", List.of()),
                new SpanEvent(1_700_000_000_000_020_000L, "",
                        List.of(Attribute.of("event", "retry"), Attribute.of("attempt", "2"))),
                new SpanEvent(1_700_000_000_000_030_000L, "{\"attempt\":2}", List.of()),
                new SpanEvent(1_700_000_000_000_040_000L, "ws", List.of()));
    }

    @Test
    void noKind_takesTheKindOfTheFirstCoreAnnotation() {
        assertThat(decode(span().addAnnotation(5, "cr").addAnnotation(6, "sr").build()).kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(decode(span().addAnnotation(5, "ss").build()).kind()).isEqualTo(SpanKind.SERVER);
    }

    @Test
    void debug_setsOnlyTheDebugFlag() {
        assertThat(decode(span().debug(true).build()).flags()).isEqualTo(2);
        assertThat(decode(span().debug(false).build()).flags()).isZero();
    }

    @Test
    void sharedServerSpan_keepsTheClientsSpanId() {
        Span span = decode(span().kind(zipkin2.Span.Kind.SERVER).shared(true).build());
        assertThat(span.spanId()).isEqualTo(10);
        assertThat(span.kind()).isEqualTo(SpanKind.SERVER);
    }

    @Test
    void missingTimestamp_isTakenFromCsThenFromSrOfARoot() {
        zipkin2.Span.Builder noTimestamp = span().timestamp(0L).duration(100);
        assertThat(decode(noTimestamp.clone().addAnnotation(70, "sr").addAnnotation(50, "cs").build()).startEpochNanos())
                .isEqualTo(50_000);
        assertThat(decode(noTimestamp.clone().addAnnotation(70, "sr").build()).startEpochNanos()).isEqualTo(70_000);
        // A child's sr is not its start; the first annotation is, when the duration is derived.
        assertThat(decode(noTimestamp.clone().parentId("1").addAnnotation(70, "sr").build()).startEpochNanos())
                .isZero();
    }

    @Test
    void missingDuration_isLastMinusFirstAnnotation_preferringCsAndCr() {
        zipkin2.Span.Builder noDuration = span().duration(0L);
        assertThat(decode(noDuration.clone().addAnnotation(10, "a").addAnnotation(40, "b").build()).durationNanos())
                .isEqualTo(30_000);
        assertThat(decode(noDuration.clone().addAnnotation(5, "x").addAnnotation(10, "cs").addAnnotation(25, "cr")
                .addAnnotation(90, "y").build()).durationNanos()).isEqualTo(15_000);
    }

    @Test
    void missingDurationThatCannotBeDerived_isOneMicrosecond() {
        assertThat(decode(span().duration(0L).build()).durationNanos()).isEqualTo(1_000);
        assertThat(decode(span().duration(0L).addAnnotation(10, "only").build()).durationNanos()).isEqualTo(1_000);
    }

    @Test
    void missingTimestampAndDuration_takeTheFirstAnnotationAsStart() {
        Span span = decode(span().timestamp(0L).duration(0L).parentId("1")
                .addAnnotation(100, "a").addAnnotation(130, "b").build());
        assertThat(span.startEpochNanos()).isEqualTo(100_000);
        assertThat(span.durationNanos()).isEqualTo(30_000);
    }

    @Test
    void noTimestampAtAll_startsAtTheEpoch_asInJaeger() {
        assertThat(decode(span().timestamp(0L).build()).startEpochNanos()).isZero();
    }

    @Test
    void timestampBeyondTheNanosecondRange_isRejectedNamingTheSpan() {
        List<zipkin2.Span> spans = List.of(span().build(), span().timestamp(Long.MAX_VALUE / 10).build());
        assertThatThrownBy(() -> ZipkinSpanDecoder.decode(spans))
                .isInstanceOf(InvalidSpansException.class)
                .hasMessageContaining("spans[1].timestamp")
                .hasMessageContaining("out of range");
    }

    @Test
    void spansOfOneProcess_shareOneResource() {
        List<Span> spans = ZipkinSpanDecoder.decode(List.of(span().build(), span().id("b").build()));
        assertThat(spans.get(0).resource()).isSameAs(spans.get(1).resource());
    }

    @Test
    void equalProcessesFromDistinctEndpoints_shareOneResource_andOthersGetTheirOwn() {
        Endpoint sameHostOtherPort = Endpoint.newBuilder().serviceName("frontend").ip("10.0.0.1").port(9090).build();
        Endpoint otherHost = Endpoint.newBuilder().serviceName("frontend").ip("10.0.0.2").build();
        Endpoint unnamed = Endpoint.newBuilder().ip("10.0.0.3").build();
        List<Span> spans = ZipkinSpanDecoder.decode(List.of(
                span().build(),
                span().id("b").localEndpoint(sameHostOtherPort).build(),
                span().id("c").localEndpoint(otherHost).build(),
                span().id("d").putTag("jaegerClient", "Go-2.30").build(),
                span().id("e").putTag("jaeger.version", "Go-2.30").build(),
                span().id("f").localEndpoint(null).build(),
                span().id("1f").localEndpoint(unnamed).build()));

        assertThat(spans.get(1).resource()).isSameAs(spans.get(0).resource());
        assertThat(spans.get(2).resource()).isNotEqualTo(spans.get(0).resource())
                .isEqualTo(new Resource("frontend", List.of(Attribute.of("ip", 167772162L))));
        assertThat(spans.get(3).resource()).isSameAs(spans.get(4).resource())
                .isEqualTo(new Resource("frontend", List.of(
                        Attribute.of("ip", 167772161L), Attribute.of("jaeger.version", "Go-2.30"))));
        assertThat(spans.get(5).resource()).isSameAs(spans.get(6).resource())
                .isEqualTo(new Resource("unknown-service-name", List.of()));
    }

    @Test
    void annotationTimestampBeyondTheNanosecondRange_isRejectedNamingTheAnnotation() {
        List<zipkin2.Span> spans = List.of(span().build(),
                span().addAnnotation(1, "ok").addAnnotation(Long.MAX_VALUE / 10, "too late").build());
        assertThatThrownBy(() -> ZipkinSpanDecoder.decode(spans))
                .isInstanceOf(InvalidSpansException.class)
                .hasMessageContaining("spans[1].annotations[1].timestamp")
                .hasMessageContaining("out of range");
    }

    @Test
    void v1SpanWithClientAndServerAnnotations_becomesTwoSpansWithTheSameIds() {
        String v1 = "[{\"traceId\":\"" + TRACE_ID + "\",\"id\":\"000000000000000a\",\"name\":\"get\",\"annotations\":["
                + "{\"timestamp\":100,\"value\":\"cs\",\"endpoint\":{\"serviceName\":\"frontend\"}},"
                + "{\"timestamp\":120,\"value\":\"sr\",\"endpoint\":{\"serviceName\":\"backend\"}},"
                + "{\"timestamp\":170,\"value\":\"ss\",\"endpoint\":{\"serviceName\":\"backend\"}},"
                + "{\"timestamp\":200,\"value\":\"cr\",\"endpoint\":{\"serviceName\":\"frontend\"}}]}]";
        List<Span> spans = ZipkinSpanDecoder.decode(SpanBytesDecoder.JSON_V1.decodeList(v1.getBytes(StandardCharsets.UTF_8)));
        assertThat(spans).extracting(Span::spanId).containsExactly(10L, 10L);
        assertThat(spans).extracting(Span::kind).containsExactly(SpanKind.CLIENT, SpanKind.SERVER);
        assertThat(spans).extracting(Span::serviceName).containsExactly("frontend", "backend");
        assertThat(spans).extracting(Span::startEpochNanos).containsExactly(100_000L, 120_000L);
        assertThat(spans).extracting(Span::durationNanos).containsExactly(100_000L, 50_000L);
    }
}

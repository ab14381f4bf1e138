package io.sightline.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CollectorTagsTest {
    private static final Map<String, String> ENV = Map.of("REGION", "eu-west-1");

    private static CollectorTags parse(String spec) {
        return CollectorTags.parse(spec, ENV::get);
    }

    private static Span span(long spanId, Resource resource) {
        return Span.builder().traceId(TraceId.of(0, 7)).spanId(spanId).name("op").resource(resource).build();
    }

    @Test
    void parse_readsPairsAndEnvironmentReferencesWithDefaults() {
        assertThat(parse(" cluster=blue , region=${REGION}, zone=${ZONE:zone-a}, rack=${RACK}, ").tags())
                .containsExactly(Attribute.of("cluster", "blue"), Attribute.of("region", "eu-west-1"),
                        Attribute.of("zone", "zone-a"), Attribute.of("rack", ""));
        assertThat(parse("").tags()).isEmpty();
    }

    @Test
    void parse_refusesAnEntryWithoutKeyOrAnUnclosedReference() {
        assertThatThrownBy(() -> parse("cluster")).hasMessage("\"cluster\" (expected: key=value)");
        assertThatThrownBy(() -> parse("=blue")).hasMessage("\"=blue\" (expected: key=value)");
        assertThatThrownBy(() -> parse("region=${REGION")).hasMessageContaining("\"region=${REGION\"");
        assertThatThrownBy(() -> parse("region=${:x}")).hasMessageContaining("environment variable name");
    }

    @Test
    void apply_addsMissingTagsOncePerResource_andKeepsAPairAlreadyThere() {
        Resource shared = new Resource("svc", List.of(Attribute.of("cluster", "blue"), Attribute.of("host", "h1")));
        List<Span> out = parse("cluster=blue,region=${REGION}").apply(List.of(span(1, shared), span(2, shared)));

        assertThat(out.get(0).resource().attributes()).containsExactly(Attribute.of("cluster", "blue"),
                Attribute.of("host", "h1"), Attribute.of("region", "eu-west-1"));
        assertThat(out.get(1).resource()).isSameAs(out.get(0).resource());
    }

    @Test
    void apply_changesNothingButTheResource() {
        Span span = span(1, new Resource("svc", List.of())).toBuilder()
                .parentSpanId(3).traceState("k=v").flags(3).kind(SpanKind.SERVER).startEpochNanos(10).durationNanos(5)
                .attributes(List.of(Attribute.of("http.method", "GET")))
                .events(List.of(new SpanEvent(11, "log", List.of(Attribute.of("msg", "hi")))))
                .links(List.of(new SpanLink(TraceId.of(0, 8), 2, "", List.of())))
                .status(StatusCode.ERROR, "boom").scope(new InstrumentationScope("lib", "1.0")).build();
        Span tagged = parse("cluster=blue").apply(List.of(span)).get(0);

        assertThat(tagged.resource()).isEqualTo(new Resource("svc", List.of(Attribute.of("cluster", "blue"))));
        assertThat(tagged).isEqualTo(span.toBuilder().resource(tagged.resource()).build());
    }

    @Test
    void apply_addsTheCollectorsValueBesideADifferentOne_asJaegerDoes() {
        Resource resource = new Resource("svc", List.of(Attribute.of("cluster", "green")));
        List<Span> out = parse("cluster=blue").apply(List.of(span(1, resource)));
        assertThat(out.get(0).resource().attributes())
                .containsExactly(Attribute.of("cluster", "green"), Attribute.of("cluster", "blue"));
    }

    @Test
    void pipeline_storesSpansWithTheCollectorTags() throws Exception {
        InMemoryStorage storage = new InMemoryStorage(100);
        try (IngestPipeline pipeline = new IngestPipeline(storage, new PipelineOptions(100, 1, 50),
                new CollectorMetrics(new PrometheusRegistry(), "test-host"))) {
            pipeline.collectorTags(parse("region=${REGION}"));
            pipeline.start();
            pipeline.submit(List.of(span(1, new Resource("svc", List.of()))), IngestSource.OTLP_GRPC)
                    .get(5, TimeUnit.SECONDS);
        }
        assertThat(storage.getTrace(TraceId.of(0, 7)).orElseThrow().spans().get(0).resource().attributes())
                .containsExactly(Attribute.of("region", "eu-west-1"));
    }
}

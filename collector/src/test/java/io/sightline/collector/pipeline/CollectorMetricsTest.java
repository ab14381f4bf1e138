package io.sightline.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The received and saved counters as Jaeger names and labels them, summed per label set. */
class CollectorMetricsTest {
    private static final IngestSource ZIPKIN = new IngestSource("zipkin", "http");
    private static final Resource FRONTEND = new Resource("Frontend", List.of());
    /** Another service name with the same label as {@link #FRONTEND}: their counts add up. */
    private static final Resource FRONTEND_LOWER = new Resource("frontend", List.of());
    private static final Resource DB = new Resource("db svc", List.of());
    private static final Resource NAMELESS = new Resource("", List.of());

    private static long nextSpanId = 1;

    private static Span span(Resource resource, boolean root, boolean debug, String samplerType) {
        Span.Builder builder = Span.builder().traceId(TraceId.of(0, 7)).spanId(nextSpanId++)
                .parentSpanId(root ? 0 : 99).flags(debug ? 3 : 1).name("op").resource(resource);
        builder.addAttribute(Attribute.of("http.method", "GET"));
        if (samplerType != null) {
            builder.addAttribute(Attribute.of("sampler.type", samplerType));
        }
        return builder.build();
    }

    /** Fails a write that holds a span named "fail", so one test sees both results. */
    private static final SpanWriter FAILING_ON_NAME = spans -> {
        for (Span span : spans) {
            if (span.name().equals("fail")) {
                throw new StorageException("refused");
            }
        }
    };

    @Test
    void receivedAndSaved_countSpansAndRootSpansPerLabelSet() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        List<Span> first = List.of(
                span(FRONTEND, true, false, "const"),
                span(DB, false, false, null),
                span(FRONTEND, false, true, null),
                span(FRONTEND_LOWER, true, true, "probabilistic"),
                span(DB, true, false, "something-else"),
                span(FRONTEND, true, false, null),
                span(NAMELESS, false, false, null));
        List<Span> second = List.of(
                span(DB, true, false, "ratelimiting"),
                span(DB, false, false, null));
        List<Span> failed = new ArrayList<>(List.of(span(FRONTEND, true, false, "lowerbound")));
        failed.add(span(DB, false, true, null).toBuilder().name("fail").build());
        try (IngestPipeline pipeline = new IngestPipeline(FAILING_ON_NAME, new PipelineOptions(100, 1, 1),
                new CollectorMetrics(registry, "h"))) {
            pipeline.start();
            pipeline.submit(first, IngestSource.OTLP_GRPC).get(5, TimeUnit.SECONDS);
            pipeline.submit(second, ZIPKIN).get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> pipeline.submit(failed, ZIPKIN).get(5, TimeUnit.SECONDS))
                    .hasMessageContaining("refused");
        }

        assertThat(values(registry, "jaeger_collector_spans_received")).isEqualTo(Map.of(
                "debug=false,format=otlp,svc=frontend,transport=grpc", 2.0,
                "debug=true,format=otlp,svc=frontend,transport=grpc", 2.0,
                "debug=false,format=otlp,svc=db_svc,transport=grpc", 2.0,
                "debug=false,format=otlp,svc=__unknown,transport=grpc", 1.0,
                "debug=false,format=zipkin,svc=db_svc,transport=http", 2.0,
                "debug=false,format=zipkin,svc=frontend,transport=http", 1.0,
                "debug=true,format=zipkin,svc=db_svc,transport=http", 1.0));
        assertThat(values(registry, "jaeger_collector_traces_received")).isEqualTo(Map.of(
                "debug=false,format=otlp,sampler_type=const,svc=frontend,transport=grpc", 1.0,
                "debug=true,format=otlp,sampler_type=probabilistic,svc=frontend,transport=grpc", 1.0,
                "debug=false,format=otlp,sampler_type=unrecognized,svc=db_svc,transport=grpc", 1.0,
                "debug=false,format=otlp,sampler_type=unrecognized,svc=frontend,transport=grpc", 1.0,
                "debug=false,format=zipkin,sampler_type=ratelimiting,svc=db_svc,transport=http", 1.0,
                "debug=false,format=zipkin,sampler_type=lowerbound,svc=frontend,transport=http", 1.0));
        assertThat(values(registry, "jaeger_collector_spans_saved_by_svc")).isEqualTo(Map.of(
                "debug=false,result=ok,svc=frontend", 2.0,
                "debug=true,result=ok,svc=frontend", 2.0,
                "debug=false,result=ok,svc=db_svc", 4.0,
                "debug=false,result=ok,svc=__unknown", 1.0,
                "debug=false,result=err,svc=frontend", 1.0,
                "debug=true,result=err,svc=db_svc", 1.0));
        assertThat(values(registry, "jaeger_collector_traces_saved_by_svc")).isEqualTo(Map.of(
                "debug=false,result=ok,sampler_type=const,svc=frontend", 1.0,
                "debug=true,result=ok,sampler_type=probabilistic,svc=frontend", 1.0,
                "debug=false,result=ok,sampler_type=unrecognized,svc=db_svc", 1.0,
                "debug=false,result=ok,sampler_type=unrecognized,svc=frontend", 1.0,
                "debug=false,result=ok,sampler_type=ratelimiting,svc=db_svc", 1.0,
                "debug=false,result=err,sampler_type=lowerbound,svc=frontend", 1.0));
        assertThat(values(registry, "jaeger_collector_batch_size")).isEqualTo(Map.of("host=h", 2.0));
    }

    @Test
    void truncatedSpans_countsEachCutSpanOnce() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Span longValues = span(FRONTEND, true, false, null).toBuilder()
                .attributes(List.of(Attribute.of("a", "x".repeat(30)), Attribute.of("b", "y".repeat(30)))).build();
        List<Span> batch = List.of(longValues, span(DB, false, false, null), longValues);
        try (IngestPipeline pipeline = new IngestPipeline(spans -> { }, new PipelineOptions(100, 1_000_000, 1, 10, true, 20),
                new CollectorMetrics(registry, "h"))) {
            pipeline.start();
            assertThat(pipeline.submit(batch, IngestSource.OTLP_HTTP).get(5, TimeUnit.SECONDS).truncatedSpans())
                    .isEqualTo(2);
        }
        assertThat(values(registry, "sightline_collector_truncated_spans")).isEqualTo(Map.of("", 2.0));
    }

    /** Each data point's value by its labels, written name=value,... in the metric's label order. */
    private static Map<String, Double> values(PrometheusRegistry registry, String name) {
        MetricSnapshot metric = registry.scrape().stream().filter(m -> m.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
        Map<String, Double> out = new TreeMap<>();
        for (DataPointSnapshot point : metric.getDataPoints()) {
            StringBuilder labels = new StringBuilder();
            for (Label label : point.getLabels()) {
                labels.append(labels.length() == 0 ? "" : ",").append(label.getName()).append('=').append(label.getValue());
            }
            double value = point instanceof CounterSnapshot.CounterDataPointSnapshot c ? c.getValue()
                    : ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue();
            out.put(labels.toString(), value);
        }
        return out;
    }
}

package io.sightline.server;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.sightline.kafka.KafkaTestBroker;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jaeger's scale-out topology end to end: the OpenTelemetry SDK sends to a {@code collector} that
 * writes to a real Kafka broker, an {@code ingester} consumes the topic into the embedded store,
 * and a {@code query} process on that store finds every span once, even one delivered twice.
 */
class ScaleOutIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SPANS = 6;

    @TempDir
    Path dataDir;
    @TempDir
    Path collectorDir;

    @Test
    void spansThroughCollectorKafkaAndIngester_areFoundByQuery_onceEachEvenWhenDeliveredTwice() {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        String topic = broker.createTopic("scale-out", 3);
        String traceId;
        List<String> spanIds;
        try (AllInOneServer collector = AllInOneServer.start(TestServers.config(collectorDir)
                .with(Setting.ROLE, "collector")
                .with(Setting.STORAGE, "kafka")
                .with(Setting.KAFKA_PRODUCER_BROKERS, broker.bootstrapServers())
                .with(Setting.KAFKA_PRODUCER_TOPIC, topic))) {
            spanIds = new ArrayList<>();
            traceId = sendTrace(collector.otlpGrpcPort(), spanIds);
            // This collector's share of the RED metrics, for Prometheus to scrape and sum.
            Eventually.within(WAIT, () -> assertThat(HttpGets.get(collector.adminPort(), "/metrics").body())
                    .contains("calls_total{").contains("service_name=\"scale-out-shop\""));
        }

        SightlineConfig ingesterConfig = TestServers.config(dataDir)
                .with(Setting.ROLE, "ingester")
                .with(Setting.KAFKA_CONSUMER_BROKERS, broker.bootstrapServers())
                .with(Setting.KAFKA_CONSUMER_TOPIC, topic)
                .with(Setting.INGESTER_PARALLELISM, "2");
        try (AllInOneServer ingester = AllInOneServer.start(ingesterConfig)) {
            Eventually.within(WAIT, () -> assertThat(spansWritten(ingester.registry())).isEqualTo(SPANS));
            // At least once means a message may come twice: replay one, as a redelivery after a crash would.
            List<ConsumerRecord<byte[], byte[]>> records = broker.readAll(topic);
            assertThat(records).hasSize(SPANS);
            ConsumerRecord<byte[], byte[]> replayed = records.get(0);
            broker.send(topic, replayed.partition(), replayed.key(), replayed.value());
            Eventually.within(WAIT, () -> assertThat(spansWritten(ingester.registry())).isEqualTo(SPANS + 1));
        }

        // The embedded store is single-process: the query replica opens it once the ingester is gone.
        try (AllInOneServer query = AllInOneServer.start(TestServers.config(dataDir).with(Setting.ROLE, "query"))) {
            HttpResponse<String> response = HttpGets.get(query.queryPort(), "/api/traces/" + traceId);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode trace = HttpGets.json(response).path("data").get(0);
            List<String> found = new ArrayList<>();
            trace.path("spans").forEach(span -> found.add(span.path("spanID").asText()));
            assertThat(found).containsExactlyInAnyOrderElementsOf(spanIds);
            JsonNode root = findSpan(trace, "GET /checkout");
            assertThat(root.path("tags").toString()).contains("\"key\":\"http.status_code\"", "\"value\":200",
                    "\"key\":\"span.kind\",\"type\":\"string\",\"value\":\"server\"");
            assertThat(trace.path("processes").toString()).contains("\"serviceName\":\"scale-out-shop\"");
            assertThat(HttpGets.json(HttpGets.get(query.queryPort(), "/api/services")).path("data").toString())
                    .contains("scale-out-shop");
        }
    }

    static String sendTrace(int otlpGrpcPort, List<String> spanIds) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(stringKey("service.name"), "scale-out-shop")))
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpGrpcSpanExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + otlpGrpcPort).build()))
                .build();
        Tracer tracer = provider.get("io.sightline.scaleout", "1.0");
        Span root = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).setNoParent().startSpan();
        root.setAttribute(longKey("http.status_code"), 200L);
        Context parent = Context.root().with(root);
        List<Span> children = new ArrayList<>();
        for (int i = 1; i < SPANS; i++) {
            Span child = tracer.spanBuilder("step-" + i).setSpanKind(SpanKind.CLIENT).setParent(parent).startSpan();
            child.end();
            children.add(child);
        }
        root.end();
        children.forEach(span -> spanIds.add(span.getSpanContext().getSpanId()));
        spanIds.add(root.getSpanContext().getSpanId());
        CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
        assertThat(flushed.isSuccess()).as("the collector acknowledged the export").isTrue();
        provider.shutdown().join(10, TimeUnit.SECONDS);
        return root.getSpanContext().getTraceId();
    }

    private static JsonNode findSpan(JsonNode trace, String operationName) {
        for (JsonNode span : trace.path("spans")) {
            if (span.path("operationName").asText().equals(operationName)) {
                return span;
            }
        }
        throw new AssertionError("no span " + operationName + " in " + trace);
    }

    static double spansWritten(PrometheusRegistry registry) {
        Set<String> names = new HashSet<>();
        for (MetricSnapshot snapshot : registry.scrape()) {
            names.add(snapshot.getMetadata().getPrometheusName());
            if (snapshot.getMetadata().getPrometheusName().equals("sightline_ingester_spans_written")) {
                return ((CounterSnapshot) snapshot).getDataPoints().get(0).getValue();
            }
        }
        throw new AssertionError("no sightline_ingester_spans_written among " + names);
    }
}

package io.sightline.collector.jaeger.grpc;

import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.START;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.START_EPOCH_NANOS_TRUNCATED_TO_MICROS;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.TRACE_HIGH;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.TRACE_ID;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.TRACE_LOW;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.batch;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.binary;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.bool;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.float64;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.id8;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.int64;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.process;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.ref;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.span;
import static io.sightline.collector.jaeger.grpc.JaegerProtoFixtures.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Collector.PostSpansRequest;
import io.opentelemetry.exporter.jaeger.proto.api_v2.CollectorServiceGrpc;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model.SpanRefType;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.PipelineOptions;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Jaeger gRPC receiver over a real gRPC connection on loopback, with the generated client stub. */
class JaegerGrpcReceiverIT {
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final int QUEUE_CAPACITY_SPANS = 10;
    private static final TraceId TRACE = TraceId.of(TRACE_HIGH, TRACE_LOW);

    private static InMemoryStorage storage;
    /** Swapped per test: the real store, or one that blocks to fill the queue. */
    private static final AtomicReference<SpanWriter> writer = new AtomicReference<>();
    private static IngestPipeline pipeline;
    private static JaegerGrpcCollectorService service;
    private static Server server;
    private static CollectorServiceGrpc.CollectorServiceBlockingStub collector;
    private static HealthGrpc.HealthBlockingStub health;

    @BeforeAll
    static void start() {
        storage = new InMemoryStorage(100_000);
        writer.set(storage);
        CollectorMetrics metrics = new CollectorMetrics(new PrometheusRegistry(), "test");
        pipeline = new IngestPipeline(spans -> writer.get().write(spans),
                new PipelineOptions(QUEUE_CAPACITY_SPANS, 1, QUEUE_CAPACITY_SPANS), metrics);
        pipeline.start();
        service = new JaegerGrpcCollectorService(pipeline, metrics);
        server = Server.builder().http(0).service(service.asGrpcService(MAX_MESSAGE_BYTES)).build();
        server.start().join();
        String base = "http://127.0.0.1:" + server.activeLocalPort();
        collector = GrpcClients.newClient(base, CollectorServiceGrpc.CollectorServiceBlockingStub.class);
        health = GrpcClients.newClient(base, HealthGrpc.HealthBlockingStub.class);
    }

    @AfterAll
    static void stop() {
        server.stop().join();
        pipeline.close();
    }

    @BeforeEach
    void useRealStore() {
        writer.set(storage);
    }

    private static PostSpansRequest request(Model.Batch batch) {
        return PostSpansRequest.newBuilder().setBatch(batch).build();
    }

    private static PostSpansRequest simpleRequest(long firstSpanId, int spans) {
        Model.Batch.Builder batch = Model.Batch.newBuilder().setProcess(process("it-svc"));
        for (int i = 0; i < spans; i++) {
            batch.addSpans(span(firstSpanId + i));
        }
        return request(batch.build());
    }

    private static Span stored(long spanId) {
        return storage.getTrace(TRACE).orElseThrow().spans().stream()
                .filter(s -> s.spanId() == spanId).findFirst().orElseThrow();
    }

    private static long storedSpansOfTestTrace() {
        return storage.getTrace(TRACE).map(t -> (long) t.spans().size()).orElse(0L);
    }

    @Test
    void postSpans_storesEveryFieldAsDecoded() {
        Model.Process frontend = process("frontend", str("hostname", "web-1"), int64("port", 8080));
        Model.Process mysql = process("mysql", bool("replica", true));
        Model.Log log = Model.Log.newBuilder().setTimestamp(START).addFields(str("event", "cache miss"))
                .addFields(float64("ratio", 0.25)).build();
        collector.postSpans(request(batch(frontend,
                span(100).setOperationName("GET /dispatch").setFlags(1)
                        .addTags(str("span.kind", "server")).addTags(int64("http.status_code", 200))
                        .addTags(binary("payload", 1, 2, 3)).addTags(str("w3c.tracestate", "k=v"))
                        .addLogs(log),
                span(101).setOperationName("SELECT").setProcess(mysql)
                        .addReferences(ref(SpanRefType.CHILD_OF, TRACE_ID, 100))
                        .addReferences(ref(SpanRefType.FOLLOWS_FROM, id8(0x99), 0x98))
                        .addTags(str("span.kind", "client")).addTags(bool("error", true))
                        .addTags(str("otel.status_description", "deadlock")))));

        Span server = stored(100);
        assertThat(server.traceId()).isEqualTo(TRACE);
        assertThat(server.name()).isEqualTo("GET /dispatch");
        assertThat(server.flags()).isEqualTo(1);
        assertThat(server.isRoot()).isTrue();
        assertThat(server.startEpochNanos()).isEqualTo(START_EPOCH_NANOS_TRUNCATED_TO_MICROS);
        assertThat(server.durationNanos()).isEqualTo(2_000_000L);
        assertThat(server.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.statusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(server.traceState()).isEqualTo("k=v");
        assertThat(server.attributes()).containsExactly(Attribute.of("http.status_code", 200L),
                new Attribute("payload", AttributeValue.of(new byte[] {1, 2, 3})));
        assertThat(server.events()).containsExactly(new SpanEvent(START_EPOCH_NANOS_TRUNCATED_TO_MICROS, "cache miss",
                List.of(Attribute.of("ratio", 0.25))));
        assertThat(server.serviceName()).isEqualTo("frontend");
        assertThat(server.resource().attributes()).containsExactly(Attribute.of("hostname", "web-1"), Attribute.of("port", 8080L));

        Span client = stored(101);
        assertThat(client.parentSpanId()).isEqualTo(100);
        assertThat(client.serviceName()).isEqualTo("mysql");
        assertThat(client.resource().attributes()).containsExactly(Attribute.of("replica", true));
        assertThat(client.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(client.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(client.statusMessage()).isEqualTo("deadlock");
        assertThat(client.attributes()).isEmpty();
        assertThat(client.links()).singleElement().satisfies(link -> {
            assertThat(link.traceId()).isEqualTo(TraceId.of(0, 0x99));
            assertThat(link.spanId()).isEqualTo(0x98);
            assertThat(link.attributes()).containsExactly(Attribute.of(SpanLink.REF_TYPE_KEY, "follows_from"));
        });
    }

    @Test
    void postSpans_gzipCompressedRequestIsStored() {
        long before = storedSpansOfTestTrace();
        collector.withCompression("gzip").postSpans(simpleRequest(200, 3));
        assertThat(storedSpansOfTestTrace()).isEqualTo(before + 3);
    }

    @Test
    void postSpans_emptyBatchIsAcknowledged() {
        assertThat(collector.postSpans(PostSpansRequest.getDefaultInstance())).isNotNull();
    }

    @Test
    void postSpans_badIdIsInvalidArgumentNamingTheField_andNothingIsStored() {
        long before = storedSpansOfTestTrace();
        PostSpansRequest bad = request(batch(process("it-svc"), span(300), span(301).setSpanId(ByteString.copyFrom(new byte[3]))));
        assertThatThrownBy(() -> collector.postSpans(bad)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo("batch.spans[1].span_id: expected 8 bytes, got 3");
        });
        assertThat(storedSpansOfTestTrace()).isEqualTo(before);
    }

    @Test
    void postSpans_overMaxMessageSizeIsResourceExhausted() {
        PostSpansRequest big = request(batch(process("it-svc"), span(400).addTags(str("blob", "x".repeat(MAX_MESSAGE_BYTES)))));
        assertThatThrownBy(() -> collector.postSpans(big)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }

    @Test
    void postSpans_fullQueueIsResourceExhausted_andTheHeldRequestIsStillStored() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        writer.set(spans -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            storage.write(spans);
        });
        long before = storedSpansOfTestTrace();
        CompletableFuture<?> filler = CompletableFuture.runAsync(
                () -> collector.postSpans(simpleRequest(1000, QUEUE_CAPACITY_SPANS)));
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pipeline.queuedSpans() < QUEUE_CAPACITY_SPANS && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThatThrownBy(() -> collector.postSpans(simpleRequest(2000, 1)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(e.getStatus().getDescription()).contains("ingest queue is full");
                    });
            assertThat(filler).isNotDone();
        } finally {
            release.countDown();
        }
        filler.get();
        assertThat(storedSpansOfTestTrace()).isEqualTo(before + QUEUE_CAPACITY_SPANS);
    }

    @Test
    void healthService_servesOverallAndCollectorServiceStatus() {
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("jaeger.api_v2.CollectorService").build())
                .getStatus()).isEqualTo(ServingStatus.SERVING);
    }
}

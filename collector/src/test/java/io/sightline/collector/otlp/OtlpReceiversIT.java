package io.sightline.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.rpc.Status;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.PipelineOptions;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OTLP receivers over real HTTP and gRPC connections on loopback. */
class OtlpReceiversIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final byte[] TRACE_ID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    private static InMemoryStorage storage;
    /** Swapped per test: the real store, or one that blocks to fill the queue. */
    private static final AtomicReference<SpanWriter> writer = new AtomicReference<>();
    private static IngestPipeline pipeline;
    private static Server server;
    private static String base;
    private static TraceServiceGrpc.TraceServiceBlockingStub grpc;

    @BeforeAll
    static void start() {
        storage = new InMemoryStorage(100_000);
        writer.set(storage);
        CollectorMetrics metrics = new CollectorMetrics(new PrometheusRegistry(), "test");
        pipeline = new IngestPipeline(spans -> writer.get().write(spans), new PipelineOptions(10, 1, 10), metrics);
        pipeline.start();
        var sb = Server.builder().http(0);
        new OtlpHttpService(pipeline, metrics, 1024 * 1024).bindTo(sb);
        sb.service(new OtlpGrpcTraceService(pipeline, metrics).asGrpcService(4 * 1024 * 1024));
        server = sb.build();
        server.start().join();
        base = "http://127.0.0.1:" + server.activeLocalPort();
        grpc = GrpcClients.newClient(base, TraceServiceGrpc.TraceServiceBlockingStub.class);
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

    private static ExportTraceServiceRequest request(long spanIdSeed, int spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < spans; i++) {
            scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(TRACE_ID))
                    .setSpanId(ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(spanIdSeed + i).array()))
                    .setName("op").setStartTimeUnixNano(1_000).setEndTimeUnixNano(2_000));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("it-svc"))))
                .addScopeSpans(scope)).build();
    }

    private static HttpResponse<byte[]> post(String path, String contentType, String encoding, byte[] body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (encoding != null) {
            builder.header("Content-Encoding", encoding);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static long storedSpansOfTestTrace() {
        return storage.getTrace(TraceId.fromBytes(TRACE_ID)).map(t -> (long) t.spans().size()).orElse(0L);
    }

    @Test
    void httpProtobuf_gzipCompressed_isStoredAndAnsweredWithEmptyResponse() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(request(100, 2).toByteArray());
        }
        long before = storedSpansOfTestTrace();
        HttpResponse<byte[]> response = post("/v1/traces", "application/x-protobuf", "gzip", gz.toByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/x-protobuf");
        assertThat(response.body()).isEmpty();
        assertThat(storedSpansOfTestTrace()).isEqualTo(before + 2);
    }

    @Test
    void httpJson_answersEmptyJsonObject() throws Exception {
        String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0102030405060708090a0b0c0d0e0f10\","
                + "\"spanId\":\"00000000000000c8\",\"name\":\"j\",\"startTimeUnixNano\":\"5\",\"endTimeUnixNano\":\"6\"}]}]}]}";
        HttpResponse<byte[]> response = post("/v1/traces", "application/json; charset=utf-8", null, json.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void httpGarbageProtobuf_is400WithStatusBodyAndStoresNothing() throws Exception {
        long before = storedSpansOfTestTrace();
        HttpResponse<byte[]> response = post("/v1/traces", "application/x-protobuf", null, new byte[] {0x0a, (byte) 0xff, 0x01, 0x02});
        assertThat(response.statusCode()).isEqualTo(400);
        Status status = Status.parseFrom(response.body());
        assertThat(status.getCode()).isEqualTo(3);
        assertThat(status.getMessage()).contains("cannot decode protobuf ExportTraceServiceRequest");
        assertThat(storedSpansOfTestTrace()).isEqualTo(before);
    }

    @Test
    void httpMalformedJson_is400WithJsonStatus() throws Exception {
        HttpResponse<byte[]> response = post("/v1/traces", "application/json", null, "{nope".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"code\":3").contains("malformed JSON");
    }

    @Test
    void httpUnsupportedMediaTypeAndMethodAndEncoding() throws Exception {
        assertThat(post("/v1/traces", "text/plain", null, new byte[1]).statusCode()).isEqualTo(415);
        HttpResponse<byte[]> noType = post("/v1/traces", null, null, new byte[1]);
        assertThat(noType.statusCode()).isEqualTo(415);
        assertThat(new String(noType.body(), StandardCharsets.UTF_8))
                .contains("supported: [application/json, application/x-protobuf]");
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/traces")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).contains("supported: [POST]");
        HttpResponse<byte[]> zstd = post("/v1/traces", "application/x-protobuf", "br", new byte[1]);
        assertThat(zstd.statusCode()).isEqualTo(400);
    }

    @Test
    void httpLogsAndMetricsGet404NamingTheTracesEndpoint() throws Exception {
        HttpResponse<byte[]> logs = post("/v1/logs", "application/x-protobuf", null, new byte[0]);
        assertThat(logs.statusCode()).isEqualTo(404);
        assertThat(new String(logs.body(), StandardCharsets.UTF_8)).contains("POST /v1/traces");
        assertThat(post("/v1/metrics", "application/x-protobuf", null, new byte[0]).statusCode()).isEqualTo(404);
    }

    @Test
    void httpFullQueue_is429WithRetryAfter_andGrpcIsResourceExhausted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        writer.set(spans -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            storage.write(spans);
        });
        // Fill the queue (capacity 10) with one batch that the blocked writer holds.
        var filler = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return post("/v1/traces", "application/x-protobuf", null, request(1000, 10).toByteArray()).statusCode();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pipeline.queuedSpans() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            HttpResponse<byte[]> response = post("/v1/traces", "application/x-protobuf", null, request(3000, 1).toByteArray());
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("retry-after")).hasValue("1");
            assertThat(Status.parseFrom(response.body()).getMessage()).contains("ingest queue is full");
            assertThatThrownBy(() -> grpc.export(request(4000, 1)))
                    .isInstanceOf(StatusRuntimeException.class)
                    .hasMessageContaining("RESOURCE_EXHAUSTED");
            assertThat(filler).isNotDone();
        } finally {
            release.countDown();
        }
        // Once the writer catches up, the held request is acknowledged and nothing was lost.
        assertThat(filler.get()).isEqualTo(200);
    }

    @Test
    void grpcInvalidSpan_isInvalidArgumentNamingTheField() {
        ExportTraceServiceRequest bad = request(1, 1).toBuilder()
                .setResourceSpans(0, request(1, 1).getResourceSpans(0).toBuilder()
                        .setScopeSpans(0, ScopeSpans.newBuilder().addSpans(Span.newBuilder()
                                .setTraceId(ByteString.copyFrom(new byte[5])).setSpanId(ByteString.copyFrom(new byte[8])))))
                .build();
        assertThatThrownBy(() -> grpc.export(bad)).isInstanceOf(StatusRuntimeException.class)
                .hasMessageContaining("INVALID_ARGUMENT")
                .hasMessageContaining("resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 16 bytes, got 5");
    }

    @Test
    void grpcValidRequest_isStored() {
        long before = storedSpansOfTestTrace();
        grpc.export(request(5000, 3));
        assertThat(storedSpansOfTestTrace()).isEqualTo(before + 3);
    }
}

package io.sightline.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OTLP {@code partial_success}: a pipeline in drop-silently mode with a short attribute limit
 * tells the sender how many spans it dropped and how many it cut, over HTTP and gRPC.
 */
class OtlpPartialSuccessIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int QUEUE_SPANS = 10;
    private static final int MAX_VALUE_CHARS = 8;

    private static InMemoryStorage storage;
    private static final AtomicReference<SpanWriter> writer = new AtomicReference<>();
    private static IngestPipeline pipeline;
    private static Server server;
    private static String base;
    private static TraceServiceGrpc.TraceServiceBlockingStub grpc;

    @BeforeAll
    static void start() {
        storage = new InMemoryStorage(100_000);
        CollectorMetrics metrics = new CollectorMetrics(new PrometheusRegistry(), "test");
        pipeline = new IngestPipeline(spans -> writer.get().write(spans),
                new PipelineOptions(QUEUE_SPANS, PipelineOptions.DEFAULT_QUEUE_CAPACITY_BYTES, 1, QUEUE_SPANS,
                        false, MAX_VALUE_CHARS), metrics);
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

    private static ExportTraceServiceRequest request(byte traceByte, int spans, String attributeValue) {
        byte[] traceId = new byte[16];
        traceId[15] = traceByte;
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 1; i <= spans; i++) {
            scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(traceId))
                    .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(i).array()))
                    .setName("op").setStartTimeUnixNano(1_000).setEndTimeUnixNano(2_000)
                    .addAttributes(KeyValue.newBuilder().setKey("note")
                            .setValue(AnyValue.newBuilder().setStringValue(attributeValue))));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("partial-svc"))))
                .addScopeSpans(scope)).build();
    }

    private static HttpResponse<byte[]> post(String contentType, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/traces"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** OTLP/JSON carries IDs in hex, unlike protobuf's canonical JSON. */
    private static byte[] jsonRequest(int traceByte, String attributeValue) {
        String json = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                + "\"value\":{\"stringValue\":\"partial-svc\"}}]},\"scopeSpans\":[{\"spans\":[{"
                + "\"traceId\":\"" + String.format("%032x", traceByte) + "\",\"spanId\":\"0000000000000001\","
                + "\"name\":\"op\",\"startTimeUnixNano\":\"1000\",\"endTimeUnixNano\":\"2000\","
                + "\"attributes\":[{\"key\":\"note\",\"value\":{\"stringValue\":\"" + attributeValue + "\"}}]}]}]}]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static int stored(byte traceByte) {
        byte[] traceId = new byte[16];
        traceId[15] = traceByte;
        return storage.getTrace(TraceId.fromBytes(traceId)).map(t -> t.spans().size()).orElse(0);
    }

    @Test
    void truncatedAttributes_areStoredAndReportedWithZeroRejected_overProtobufHttp() throws Exception {
        HttpResponse<byte[]> response = post("application/x-protobuf", request((byte) 1, 2, "0123456789abcdef").toByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        ExportTraceServiceResponse body = ExportTraceServiceResponse.parseFrom(response.body());
        assertThat(body.getPartialSuccess().getRejectedSpans()).isZero();
        assertThat(body.getPartialSuccess().getErrorMessage())
                .isEqualTo("2 spans stored with attribute values cut to 8 characters");
        assertThat(stored((byte) 1)).isEqualTo(2);
    }

    @Test
    void truncatedAttributes_areReportedInJson_andNothingIsSaidWhenNothingWasCut() throws Exception {
        HttpResponse<byte[]> cut = post("application/json", jsonRequest(2, "0123456789abcdef"));
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(new String(cut.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"partialSuccess\":{\"errorMessage\":\"1 spans stored with attribute values cut to 8 characters\"}}");

        HttpResponse<byte[]> whole = post("application/json", jsonRequest(3, "short"));
        assertThat(new String(whole.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void fullQueueInDropMode_isAcceptedButReportsTheRejectedSpans_overHttpAndGrpc() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        writer.set(spans -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            storage.write(spans);
        });
        CompletableFuture<ExportTraceServiceResponse> filler =
                CompletableFuture.supplyAsync(() -> grpc.export(request((byte) 4, QUEUE_SPANS, "x")));
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pipeline.queuedSpans() < QUEUE_SPANS && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            HttpResponse<byte[]> http = post("application/x-protobuf", request((byte) 5, 3, "x").toByteArray());
            assertThat(http.statusCode()).isEqualTo(200);
            ExportTraceServiceResponse httpBody = ExportTraceServiceResponse.parseFrom(http.body());
            assertThat(httpBody.getPartialSuccess().getRejectedSpans()).isEqualTo(3);
            assertThat(httpBody.getPartialSuccess().getErrorMessage())
                    .isEqualTo("3 spans dropped: the ingest queue is full");

            ExportTraceServiceResponse grpcBody = grpc.export(request((byte) 6, 2, "0123456789abcdef"));
            assertThat(grpcBody.getPartialSuccess().getRejectedSpans()).isEqualTo(2);
            assertThat(grpcBody.getPartialSuccess().getErrorMessage()).isEqualTo(
                    "2 spans dropped: the ingest queue is full; 2 spans stored with attribute values cut to 8 characters");
        } finally {
            release.countDown();
        }
        assertThat(filler.get().getPartialSuccess().getRejectedSpans()).isZero();
        assertThat(stored((byte) 4)).isEqualTo(QUEUE_SPANS);
        assertThat(stored((byte) 5)).isZero();
        assertThat(stored((byte) 6)).isZero();
    }
}

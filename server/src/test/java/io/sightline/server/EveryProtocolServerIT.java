package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.spi.Sender;
import io.jaegertracing.thrift.internal.senders.HttpSender;
import io.jaegertracing.thrift.internal.senders.UdpSender;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Collector.PostSpansRequest;
import io.opentelemetry.exporter.jaeger.proto.api_v2.CollectorServiceGrpc;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.sightline.server.config.Setting;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zipkin2.Endpoint;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * One all-in-one server, one span from each protocol's own client on its own port, each read
 * back through the query API: proves the wiring of every receiver, not their mapping (the
 * collector's tests cover that field by field).
 */
class EveryProtocolServerIT {
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dataDir;
    private static AllInOneServer server;

    @BeforeAll
    static void start() {
        server = AllInOneServer.start(TestServers.config(dataDir));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void zipkinReporter_spanIsStoredUnderItsLocalService() throws Exception {
        String traceId = "5af7183fb1d4cf5f";
        try (URLConnectionSender sender = URLConnectionSender.create(
                "http://127.0.0.1:" + server.zipkinPort() + "/api/v2/spans");
             AsyncReporter<zipkin2.Span> reporter = AsyncReporter.create(sender)) {
            reporter.report(zipkin2.Span.newBuilder().traceId(traceId).id("6b221d5bc9e6496c").name("get /cart")
                    .kind(zipkin2.Span.Kind.SERVER).localEndpoint(Endpoint.newBuilder().serviceName("zipkin-cart").build())
                    .timestamp(1_700_000_000_000_000L).duration(1_500).putTag("http.method", "GET").build());
            reporter.flush();
        }
        JsonNode span = awaitOnlySpan(traceId);
        assertThat(span.get("operationName").asText()).isEqualTo("get /cart");
        assertThat(serviceOf(traceId, span)).isEqualTo("zipkin-cart");
    }

    @Test
    void jaegerClientOverAgentUdp_spanIsStored() throws Exception {
        assertJaegerClientSpanArrives(new UdpSender("127.0.0.1", server.agentCompactPort(), 0), "jaeger-udp");
    }

    @Test
    void jaegerClientOverThriftHttp_spanIsStored() throws Exception {
        assertJaegerClientSpanArrives(
                new HttpSender.Builder("http://127.0.0.1:" + server.jaegerHttpPort() + "/api/traces").build(), "jaeger-http");
    }

    @Test
    void jaegerGrpcPostSpans_spanIsStored() {
        CollectorServiceGrpc.CollectorServiceBlockingStub stub = GrpcClients.newClient(
                "http://127.0.0.1:" + server.jaegerGrpcPort() + "/", CollectorServiceGrpc.CollectorServiceBlockingStub.class);
        byte[] traceId = HexFormat.of().parseHex("00000000000000000000000000c0ffee");
        Model.Span span = Model.Span.newBuilder()
                .setTraceId(ByteString.copyFrom(traceId))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("00000000000000ab")))
                .setOperationName("charge")
                .setStartTime(Timestamp.newBuilder().setSeconds(1_700_000_000L))
                .setDuration(com.google.protobuf.Duration.newBuilder().setNanos(2_000_000))
                .build();
        stub.postSpans(PostSpansRequest.newBuilder().setBatch(Model.Batch.newBuilder()
                .setProcess(Model.Process.newBuilder().setServiceName("jaeger-grpc"))
                .addSpans(span)).build());
        JsonNode stored = awaitOnlySpan("c0ffee");
        assertThat(stored.get("operationName").asText()).isEqualTo("charge");
        assertThat(serviceOf("c0ffee", stored)).isEqualTo("jaeger-grpc");
    }

    @Test
    void zipkinSwitchedOff_leavesItsPortClosedWhileTheRestServes() {
        try (AllInOneServer noZipkin = AllInOneServer.start(TestServers.config(dataDir.resolve("no-zipkin"))
                .with(Setting.ZIPKIN_ENABLED, "false"))) {
            assertThat(noZipkin.zipkinPort()).isEqualTo(-1);
            assertThat(HttpGets.get(noZipkin.adminPort(), "/").statusCode()).isEqualTo(200);
        }
        assertThat(server.zipkinPort()).isPositive();
    }

    private static void assertJaegerClientSpanArrives(Sender sender, String service) throws Exception {
        RemoteReporter reporter = new RemoteReporter.Builder().withSender(sender).withFlushInterval(50).build();
        JaegerTracer tracer = new JaegerTracer.Builder(service).withReporter(reporter)
                .withSampler(new ConstSampler(true)).build();
        JaegerSpan span = tracer.buildSpan("checkout").withTag("order.items", 3L).start();
        span.finish();
        tracer.close();
        String traceId = String.format("%016x", span.context().getTraceIdLow());
        JsonNode stored = awaitOnlySpan(traceId);
        assertThat(stored.get("operationName").asText()).isEqualTo("checkout");
        assertThat(serviceOf(traceId, stored)).isEqualTo(service);
    }

    /** Waits for the trace: UDP and the client reporters are asynchronous. */
    private static JsonNode awaitOnlySpan(String traceId) {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        HttpResponse<String> response;
        do {
            response = HttpGets.get(server.queryPort(), "/api/traces/" + traceId);
            if (response.statusCode() == 200) {
                JsonNode spans = HttpGets.json(response).get("data").get(0).get("spans");
                assertThat(spans).hasSize(1);
                return spans.get(0);
            }
            sleepBriefly();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("trace " + traceId + " not stored within " + ARRIVAL_TIMEOUT + ": "
                + response.statusCode() + " " + response.body());
    }

    private static String serviceOf(String traceId, JsonNode span) {
        JsonNode trace = HttpGets.json(HttpGets.get(server.queryPort(), "/api/traces/" + traceId)).get("data").get(0);
        return trace.get("processes").get(span.get("processID").asText()).get("serviceName").asText();
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

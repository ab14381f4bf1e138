package io.sightline.collector.zipkin;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Server;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.PipelineOptions;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesEncoder;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/** The Zipkin receiver over real HTTP on loopback, fed by the Zipkin reporter and by raw v1 bodies. */
class ZipkinReceiverIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Endpoint FRONTEND = Endpoint.newBuilder().serviceName("frontend").ip("192.168.1.2").port(8080).build();
    private static final Endpoint BACKEND = Endpoint.newBuilder().serviceName("backend").ip("10.0.0.7").port(9000).build();
    /** Each test gets its own trace, so that tests do not see each other's spans. */
    private static final AtomicLong nextTraceLow = new AtomicLong(0x1000);

    private static InMemoryStorage storage;
    /** Swapped per test: the real store, or one that blocks to fill the queue. */
    private static final AtomicReference<SpanWriter> writer = new AtomicReference<>();
    private static IngestPipeline pipeline;
    private static CollectorMetrics metrics;
    private static Server server;
    private static String base;

    @BeforeAll
    static void start() {
        storage = new InMemoryStorage(100_000);
        writer.set(storage);
        metrics = new CollectorMetrics(new PrometheusRegistry(), "test");
        pipeline = new IngestPipeline(spans -> writer.get().write(spans), new PipelineOptions(10, 1, 10), metrics);
        pipeline.start();
        var sb = Server.builder().http(0);
        new ZipkinHttpService(pipeline, metrics, MAX_BODY_BYTES).bindTo(sb);
        server = sb.build();
        server.start().join();
        base = "http://127.0.0.1:" + server.activeLocalPort();
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

    private static String newTraceId() {
        return String.format("%016x%016x", 0xabcL, nextTraceLow.incrementAndGet());
    }

    private static List<Span> stored(String traceIdHex) {
        return storage.getTrace(TraceId.fromHex(traceIdHex)).map(Trace::spans).orElse(List.of());
    }

    private static HttpResponse<String> post(String path, String contentType, String encoding, byte[] body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (encoding != null) {
            builder.header("Content-Encoding", encoding);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    /** A client span and its server side, as an instrumented RPC reports them. */
    private static List<zipkin2.Span> rpc(String traceId) {
        zipkin2.Span client = zipkin2.Span.newBuilder().traceId(traceId).parentId("0000000000000001").id("0000000000000002")
                .name("get /users").kind(zipkin2.Span.Kind.CLIENT).timestamp(1_700_000_000_000_000L).duration(5_000)
                .localEndpoint(FRONTEND).remoteEndpoint(BACKEND)
                .addAnnotation(1_700_000_000_001_000L, "wire.send")
                .putTag("http.path", "/users").putTag("error", "503 from backend")
                .debug(true).build();
        zipkin2.Span server = zipkin2.Span.newBuilder().traceId(traceId).parentId("0000000000000001").id("0000000000000002")
                .name("get /users").kind(zipkin2.Span.Kind.SERVER).shared(true)
                .timestamp(1_700_000_000_001_500L).duration(3_000).localEndpoint(BACKEND).build();
        return List.of(client, server);
    }

    private static void sendWithReporter(List<zipkin2.Span> spans, Encoding encoding) {
        zipkin2.reporter.SpanBytesEncoder encoder = encoding == Encoding.PROTO3
                ? zipkin2.reporter.SpanBytesEncoder.PROTO3 : zipkin2.reporter.SpanBytesEncoder.JSON_V2;
        // The sender gzips by default, so this also proves gzip Content-Encoding end to end.
        try (URLConnectionSender sender = URLConnectionSender.newBuilder().endpoint(base + ZipkinHttpService.V2_PATH)
                .encoding(encoding).build();
                AsyncReporter<zipkin2.Span> reporter = AsyncReporter.builder(sender).build(encoder)) {
            spans.forEach(reporter::report);
            reporter.flush();
        }
    }

    private static void assertRpcStored(String traceId) {
        List<Span> spans = new ArrayList<>(stored(traceId));
        assertThat(spans).hasSize(2);
        Span client = spans.stream().filter(s -> s.kind() == SpanKind.CLIENT).findFirst().orElseThrow();
        Span server = spans.stream().filter(s -> s.kind() == SpanKind.SERVER).findFirst().orElseThrow();

        assertThat(client.traceId()).isEqualTo(TraceId.fromHex(traceId));
        assertThat(client.traceId().is64Bit()).isFalse();
        assertThat(client.spanId()).isEqualTo(2);
        assertThat(client.parentSpanId()).isEqualTo(1);
        assertThat(client.name()).isEqualTo("get /users");
        assertThat(client.flags()).isEqualTo(2);
        assertThat(client.startEpochNanos()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(client.durationNanos()).isEqualTo(5_000_000);
        assertThat(client.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(client.attributes()).containsExactly(
                Attribute.of("http.path", "/users"),
                Attribute.of("peer.service", "backend"),
                Attribute.of("peer.ipv4", 0x0A000007L),
                Attribute.of("peer.port", 9000L),
                Attribute.of("error.message", "503 from backend"));
        assertThat(client.events()).containsExactly(new SpanEvent(1_700_000_000_001_000_000L, "wire.send", List.of()));
        assertThat(client.resource()).isEqualTo(new Resource("frontend", List.of(Attribute.of("ip", 0xC0A80102L))));

        assertThat(server.spanId()).isEqualTo(2);
        assertThat(server.parentSpanId()).isEqualTo(1);
        assertThat(server.flags()).isZero();
        assertThat(server.startEpochNanos()).isEqualTo(1_700_000_000_001_500_000L);
        assertThat(server.durationNanos()).isEqualTo(3_000_000);
        assertThat(server.attributes()).isEmpty();
        assertThat(server.resource()).isEqualTo(new Resource("backend", List.of(Attribute.of("ip", 0x0A000007L))));
    }

    @Test
    void reporterV2Json_gzipped_isStoredFieldByField() {
        String traceId = newTraceId();
        sendWithReporter(rpc(traceId), Encoding.JSON);
        assertRpcStored(traceId);
    }

    @Test
    void reporterV2Proto3_gzipped_isStoredFieldByField() {
        String traceId = newTraceId();
        sendWithReporter(rpc(traceId), Encoding.PROTO3);
        assertRpcStored(traceId);
    }

    @Test
    void v1Json_withClientAndServerAnnotations_isStoredAsTwoSpans() throws Exception {
        String traceId = newTraceId();
        String v1 = "[{\"traceId\":\"" + traceId + "\",\"id\":\"0000000000000002\",\"parentId\":\"0000000000000001\","
                + "\"name\":\"get /users\",\"annotations\":["
                + "{\"timestamp\":1700000000000000,\"value\":\"cs\",\"endpoint\":{\"serviceName\":\"frontend\",\"ipv4\":\"192.168.1.2\"}},"
                + "{\"timestamp\":1700000000001500,\"value\":\"sr\",\"endpoint\":{\"serviceName\":\"backend\",\"ipv4\":\"10.0.0.7\"}},"
                + "{\"timestamp\":1700000000004500,\"value\":\"ss\",\"endpoint\":{\"serviceName\":\"backend\",\"ipv4\":\"10.0.0.7\"}},"
                + "{\"timestamp\":1700000000005000,\"value\":\"cr\",\"endpoint\":{\"serviceName\":\"frontend\",\"ipv4\":\"192.168.1.2\"}}],"
                + "\"binaryAnnotations\":[{\"key\":\"http.path\",\"value\":\"/users\",\"endpoint\":{\"serviceName\":\"frontend\",\"ipv4\":\"192.168.1.2\"}}]}]";
        HttpResponse<String> response = post(ZipkinHttpService.V1_PATH, "application/json", null, utf8(v1));
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEmpty();

        List<Span> spans = stored(traceId);
        assertThat(spans).extracting(Span::kind).containsExactlyInAnyOrder(SpanKind.CLIENT, SpanKind.SERVER);
        Span client = spans.stream().filter(s -> s.kind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertThat(client.serviceName()).isEqualTo("frontend");
        assertThat(client.startEpochNanos()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(client.durationNanos()).isEqualTo(5_000_000);
        assertThat(client.attributes()).containsExactly(Attribute.of("http.path", "/users"));
        Span server = spans.stream().filter(s -> s.kind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(server.serviceName()).isEqualTo("backend");
        assertThat(server.spanId()).isEqualTo(client.spanId());
        assertThat(server.startEpochNanos()).isEqualTo(1_700_000_000_001_500_000L);
        assertThat(server.durationNanos()).isEqualTo(3_000_000);
    }

    @Test
    void v1Thrift_isStored() throws Exception {
        String traceId = newTraceId();
        byte[] thrift = SpanBytesEncoder.THRIFT.encodeList(rpc(traceId));
        HttpResponse<String> response = post(ZipkinHttpService.V1_PATH, "application/x-thrift", null, thrift);
        assertThat(response.statusCode()).isEqualTo(202);
        List<Span> spans = stored(traceId);
        assertThat(spans).extracting(Span::kind).containsExactlyInAnyOrder(SpanKind.CLIENT, SpanKind.SERVER);
        Span client = spans.stream().filter(s -> s.kind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertThat(client.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(client.attributes()).contains(Attribute.of("http.path", "/users"), Attribute.of("peer.service", "backend"));
        assertThat(client.serviceName()).isEqualTo("frontend");
    }

    @Test
    void v2JsonGzippedByHand_andJsonCharsetParameter_areAccepted() throws Exception {
        String traceId = newTraceId();
        byte[] body = gzip(SpanBytesEncoder.JSON_V2.encodeList(rpc(traceId)));
        HttpResponse<String> response = post(ZipkinHttpService.V2_PATH, "application/json; charset=utf-8", "gzip", body);
        assertThat(response.statusCode()).isEqualTo(202);
        assertRpcStored(traceId);
    }

    @Test
    void emptyList_is202() throws Exception {
        assertThat(post(ZipkinHttpService.V2_PATH, "application/json", null, utf8("[]")).statusCode()).isEqualTo(202);
        assertThat(post(ZipkinHttpService.V2_PATH, "application/json", null, utf8(" [ ]\n")).statusCode()).isEqualTo(202);
        assertThat(post(ZipkinHttpService.V1_PATH, "application/json", null, utf8("[]")).statusCode()).isEqualTo(202);
        assertThat(post(ZipkinHttpService.V2_PATH, "application/x-protobuf", null, new byte[0]).statusCode()).isEqualTo(202);
        assertThat(post(ZipkinHttpService.V1_PATH, "application/x-thrift", null,
                SpanBytesEncoder.THRIFT.encodeList(java.util.List.of())).statusCode()).isEqualTo(202);
    }

    @Test
    void binaryGarbageTheCodecsWouldSkip_is400_notAnAcknowledgedEmptyList() throws Exception {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x7f, 0x00, 0x13, 0x37, (byte) 0xc0, (byte) 0xde, 0x01, 0x02};
        HttpResponse<String> proto = post(ZipkinHttpService.V2_PATH, "application/x-protobuf", null, garbage);
        assertThat(proto.statusCode()).isEqualTo(400);
        assertThat(proto.body()).isEqualTo(
                "Unable to process request body: malformed v2 proto3 span list: no span could be read from 10 bytes\n");
        HttpResponse<String> thrift = post(ZipkinHttpService.V1_PATH, "application/x-thrift", null, garbage);
        assertThat(thrift.statusCode()).isEqualTo(400);
        assertThat(thrift.body()).startsWith("Unable to process request body: malformed v1 Thrift span list");
    }

    @Test
    void malformedJson_is400NamingTheProblem_andStoresNothing() throws Exception {
        HttpResponse<String> response = post(ZipkinHttpService.V2_PATH, "application/json", null, utf8("[{\"traceId\":"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body()).startsWith("Unable to process request body: malformed v2 JSON span list");

        String traceId = newTraceId();
        String oneGoodOneBad = "[{\"traceId\":\"" + traceId + "\",\"id\":\"0000000000000001\"},"
                + "{\"traceId\":\"" + traceId + "\",\"id\":\"not-hex\"}]";
        HttpResponse<String> badId = post(ZipkinHttpService.V2_PATH, "application/json", null, utf8(oneGoodOneBad));
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("not-hex");
        assertThat(stored(traceId)).isEmpty();

        HttpResponse<String> noTraceId = post(ZipkinHttpService.V2_PATH, "application/json", null, utf8("[{\"id\":\"1\"}]"));
        assertThat(noTraceId.statusCode()).isEqualTo(400);
        assertThat(noTraceId.body()).contains("traceId");
    }

    @Test
    void malformedThriftAndProto3AndGzip_are400() throws Exception {
        assertThat(post(ZipkinHttpService.V1_PATH, "application/x-thrift", null, new byte[] {12, 0, 0, 0, 9}).body())
                .startsWith("Unable to process request body: malformed v1 Thrift span list");
        HttpResponse<String> proto = post(ZipkinHttpService.V2_PATH, "application/x-protobuf", null, new byte[] {10, (byte) 0xff, 1});
        assertThat(proto.statusCode()).isEqualTo(400);
        assertThat(proto.body()).contains("v2 proto3");
        HttpResponse<String> gzip = post(ZipkinHttpService.V2_PATH, "application/json", "gzip", utf8("[]"));
        assertThat(gzip.statusCode()).isEqualTo(400);
        assertThat(gzip.body()).contains("cannot decompress gzip request body");
    }

    @Test
    void unsupportedOrMissingContentType_is400AsInJaeger() throws Exception {
        HttpResponse<String> thriftOnV2 = post(ZipkinHttpService.V2_PATH, "application/x-thrift", null, new byte[1]);
        assertThat(thriftOnV2.statusCode()).isEqualTo(400);
        assertThat(thriftOnV2.body()).startsWith("Unsupported Content-Type: application/x-thrift")
                .contains("supported: application/json, application/x-protobuf");
        HttpResponse<String> protoOnV1 = post(ZipkinHttpService.V1_PATH, "application/x-protobuf", null, new byte[1]);
        assertThat(protoOnV1.statusCode()).isEqualTo(400);
        assertThat(protoOnV1.body()).contains("supported: application/json, application/x-thrift");
        HttpResponse<String> none = post(ZipkinHttpService.V2_PATH, null, null, utf8("[]"));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).startsWith("Cannot parse Content-Type");
    }

    @Test
    void nonPost_is405() throws Exception {
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(base + ZipkinHttpService.V2_PATH)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void oversizeBody_is413_asSentOrOnceGunzipped() throws Exception {
        byte[] big = new byte[MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThat(post(ZipkinHttpService.V2_PATH, "application/json", null, big).statusCode()).isEqualTo(413);
        HttpResponse<String> bomb = post(ZipkinHttpService.V2_PATH, "application/json", "gzip", gzip(big));
        assertThat(bomb.statusCode()).isEqualTo(413);
        assertThat(bomb.body()).contains("exceeds " + MAX_BODY_BYTES + " bytes");
    }

    @Test
    void fullQueue_is429WithRetryAfter_andTheHeldRequestIsAcknowledgedLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        writer.set(spans -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            storage.write(spans);
        });
        String heldTrace = newTraceId();
        List<zipkin2.Span> tenSpans = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            tenSpans.add(zipkin2.Span.newBuilder().traceId(heldTrace).id(Long.toHexString(i)).name("op")
                    .timestamp(1_700_000_000_000_000L).duration(10).localEndpoint(FRONTEND).build());
        }
        byte[] filling = SpanBytesEncoder.JSON_V2.encodeList(tenSpans);
        CompletableFuture<Integer> filler = CompletableFuture.supplyAsync(() -> {
            try {
                return post(ZipkinHttpService.V2_PATH, "application/json", null, filling).statusCode();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pipeline.queuedSpans() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            HttpResponse<String> response = post(ZipkinHttpService.V2_PATH, "application/json", null,
                    SpanBytesEncoder.JSON_V2.encodeList(rpc(newTraceId())));
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("retry-after")).hasValue("1");
            assertThat(response.body()).contains("ingest queue is full");
            assertThat(filler).isNotDone();
        } finally {
            release.countDown();
        }
        assertThat(filler.get()).isEqualTo(202);
        assertThat(stored(heldTrace)).hasSize(10);
    }

    @Test
    void stoppedPipeline_is503WithRetryAfter() throws Exception {
        IngestPipeline stopped = new IngestPipeline(storage, new PipelineOptions(10, 1, 10), metrics);
        stopped.start();
        stopped.close();
        var sb = Server.builder().http(0);
        new ZipkinHttpService(stopped, metrics, MAX_BODY_BYTES).bindTo(sb);
        Server other = sb.build();
        other.start().join();
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + other.activeLocalPort() + ZipkinHttpService.V2_PATH))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(SpanBytesEncoder.JSON_V2.encodeList(rpc(newTraceId()))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("retry-after")).hasValue("1");
        } finally {
            other.stop().join();
        }
    }
}

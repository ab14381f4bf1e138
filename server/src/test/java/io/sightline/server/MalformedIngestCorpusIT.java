package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.grpc.StatusRuntimeException;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Process;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Collector.PostSpansRequest;
import io.opentelemetry.exporter.jaeger.proto.api_v2.CollectorServiceGrpc;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.sightline.server.config.Setting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesEncoder;

/**
 * The malformed-input corpus: for every ingest protocol, requests that are truncated, of the
 * wrong type, garbage, of the wrong content type, oversized, with invalid IDs or empty, each sent
 * to one running server. Each is answered with its protocol's error naming the problem, nothing
 * of it is stored (every span in the corpus belongs to a {@code corpus-*} service, which must
 * never appear), each refusal is counted, and the server keeps serving.
 */
class MalformedIngestCorpusIT {
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_SPANS_PER_REQUEST = 5;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dataDir;
    private static AllInOneServer server;

    @BeforeAll
    static void start() {
        server = AllInOneServer.start(TestServers.config(dataDir)
                .with(Setting.OTLP_HTTP_MAX_BODY_BYTES, Integer.toString(MAX_BODY_BYTES))
                .with(Setting.ZIPKIN_MAX_BODY_BYTES, Integer.toString(MAX_BODY_BYTES))
                .with(Setting.JAEGER_HTTP_MAX_BODY_BYTES, Integer.toString(MAX_BODY_BYTES))
                .with(Setting.OTLP_GRPC_MAX_MESSAGE_BYTES, Integer.toString(MAX_BODY_BYTES))
                .with(Setting.JAEGER_GRPC_MAX_MESSAGE_BYTES, Integer.toString(MAX_BODY_BYTES))
                .with(Setting.COLLECTOR_MAX_SPANS_PER_REQUEST, Integer.toString(MAX_SPANS_PER_REQUEST)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One malformed HTTP request and the answer it must get. */
    record HttpCase(String name, Receiver receiver, String path, String contentType, String encoding, byte[] body,
                    int status, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum Receiver { OTLP_HTTP, ZIPKIN, JAEGER_HTTP }

    static Stream<HttpCase> httpCorpus() {
        byte[] otlp = otlpRequest("corpus-otlp", 16).toByteArray();
        byte[] jaeger = jaegerThriftBatch("corpus-jaeger-http");
        byte[] zipkinJson = SpanBytesEncoder.JSON_V2.encodeList(List.of(zipkinSpan("corpus-zipkin")));
        byte[] zipkinProto = SpanBytesEncoder.PROTO3.encodeList(List.of(zipkinSpan("corpus-zipkin")));
        int tooMany = MAX_SPANS_PER_REQUEST + 1;
        byte[] otlpTooMany = otlpRequest("corpus-otlp", 16, tooMany).toByteArray();
        List<zipkin2.Span> zipkinTooMany = new java.util.ArrayList<>();
        for (int i = 1; i <= tooMany; i++) {
            zipkinTooMany.add(zipkinSpan("corpus-zipkin").toBuilder().id(i).build());
        }
        String tooManyMessage = "request has 6 spans, more than the 5 one request may carry";
        byte[] oversized = new byte[MAX_BODY_BYTES + 1];
        Arrays.fill(oversized, (byte) '[');
        return Stream.of(
                // OTLP/HTTP
                new HttpCase("otlp garbage protobuf", Receiver.OTLP_HTTP, "/v1/traces", "application/x-protobuf", null,
                        garbage(), 400, "cannot decode protobuf ExportTraceServiceRequest"),
                new HttpCase("otlp truncated protobuf", Receiver.OTLP_HTTP, "/v1/traces", "application/x-protobuf", null,
                        Arrays.copyOf(otlp, otlp.length - 7), 400, "cannot decode protobuf ExportTraceServiceRequest"),
                new HttpCase("otlp json wrong type", Receiver.OTLP_HTTP, "/v1/traces", "application/json", null,
                        utf8("{\"resourceSpans\":\"corpus-otlp\"}"), 400, "Expected an array for resource_spans"),
                new HttpCase("otlp json truncated", Receiver.OTLP_HTTP, "/v1/traces", "application/json", null,
                        utf8(otlpJson("corpus-otlp", "0102030405060708090a0b0c0d0e0f10").substring(0, 80)), 400, ""),
                new HttpCase("otlp json non-hex trace id", Receiver.OTLP_HTTP, "/v1/traces", "application/json", null,
                        utf8(otlpJson("corpus-otlp", "zz02030405060708090a0b0c0d0e0f10")), 400, "traceId"),
                new HttpCase("otlp json short trace id", Receiver.OTLP_HTTP, "/v1/traces", "application/json", null,
                        utf8(otlpJson("corpus-otlp", "0102")), 400, "traceId"),
                new HttpCase("otlp json all-zero trace id", Receiver.OTLP_HTTP, "/v1/traces", "application/json", null,
                        utf8(otlpJson("corpus-otlp", "00000000000000000000000000000000")), 400, "traceId"),
                new HttpCase("otlp wrong content type", Receiver.OTLP_HTTP, "/v1/traces", "text/plain", null,
                        otlp, 415, "unsupported media type"),
                new HttpCase("otlp oversized", Receiver.OTLP_HTTP, "/v1/traces", "application/x-protobuf", null,
                        oversized, 413, "request body exceeds 65536 bytes"),
                new HttpCase("otlp too many spans", Receiver.OTLP_HTTP, "/v1/traces", "application/x-protobuf", null,
                        otlpTooMany, 413, tooManyMessage),
                new HttpCase("otlp gzip header on plain body", Receiver.OTLP_HTTP, "/v1/traces", "application/x-protobuf",
                        "gzip", otlp, 400, "gzip"),
                new HttpCase("otlp gzip bomb past the limit", Receiver.OTLP_HTTP, "/v1/traces", "application/x-protobuf",
                        "gzip", gzip(new byte[MAX_BODY_BYTES * 4]), 413, ""),
                new HttpCase("otlp unknown encoding", Receiver.OTLP_HTTP, "/v1/traces", "application/x-protobuf",
                        "br", otlp, 400, "br"),
                // Zipkin
                new HttpCase("zipkin garbage json", Receiver.ZIPKIN, "/api/v2/spans", "application/json", null,
                        garbage(), 400, ""),
                new HttpCase("zipkin truncated json", Receiver.ZIPKIN, "/api/v2/spans", "application/json", null,
                        Arrays.copyOf(zipkinJson, zipkinJson.length - 5), 400, ""),
                new HttpCase("zipkin json object, not list", Receiver.ZIPKIN, "/api/v2/spans", "application/json", null,
                        utf8("{\"traceId\":\"0102030405060708\"}"), 400, ""),
                new HttpCase("zipkin json invalid trace id", Receiver.ZIPKIN, "/api/v2/spans", "application/json", null,
                        utf8(new String(zipkinJson, StandardCharsets.UTF_8).replace("0000000000000001", "xyz")),
                        400, "xyz should be lower-hex encoded"),
                new HttpCase("zipkin garbage proto3", Receiver.ZIPKIN, "/api/v2/spans", "application/x-protobuf", null,
                        garbage(), 400, "malformed v2 proto3 span list"),
                new HttpCase("zipkin truncated proto3", Receiver.ZIPKIN, "/api/v2/spans", "application/x-protobuf", null,
                        Arrays.copyOf(zipkinProto, zipkinProto.length - 3), 400, ""),
                new HttpCase("zipkin v1 garbage thrift", Receiver.ZIPKIN, "/api/v1/spans", "application/x-thrift", null,
                        garbage(), 400, "malformed v1 Thrift span list"),
                new HttpCase("zipkin wrong content type", Receiver.ZIPKIN, "/api/v2/spans", "text/plain", null,
                        zipkinJson, 400, ""),
                new HttpCase("zipkin too many spans", Receiver.ZIPKIN, "/api/v2/spans", "application/json", null,
                        SpanBytesEncoder.JSON_V2.encodeList(zipkinTooMany), 413, tooManyMessage),
                new HttpCase("zipkin oversized", Receiver.ZIPKIN, "/api/v2/spans", "application/json", null,
                        oversized, 413, "request body exceeds 65536 bytes"),
                // Jaeger Thrift over HTTP
                new HttpCase("jaeger garbage thrift", Receiver.JAEGER_HTTP, "/api/traces", "application/x-thrift", null,
                        garbage(), 400, "Unable to process request body"),
                new HttpCase("jaeger truncated thrift", Receiver.JAEGER_HTTP, "/api/traces", "application/x-thrift", null,
                        Arrays.copyOf(jaeger, jaeger.length - 9), 400, "Unable to process request body"),
                new HttpCase("jaeger wrong content type", Receiver.JAEGER_HTTP, "/api/traces", "application/json", null,
                        jaeger, 400, ""),
                new HttpCase("jaeger too many spans", Receiver.JAEGER_HTTP, "/api/traces", "application/x-thrift", null,
                        jaegerThriftBatch("corpus-jaeger-http", tooMany), 413, tooManyMessage),
                new HttpCase("jaeger oversized", Receiver.JAEGER_HTTP, "/api/traces", "application/x-thrift", null,
                        oversized, 413, "65536 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpCorpus")
    void malformedHttpRequest_isRefusedNamingTheProblem_storesNothing_andIsCounted(HttpCase c) {
        double rejectedBefore = rejectedRequests();
        HttpResponse<String> response = post(c);
        assertThat(response.statusCode()).as(c.name() + ": " + response.body()).isEqualTo(c.status());
        assertThat(response.body()).as(c.name()).contains(c.messagePart());
        assertThat(response.body()).as(c.name() + " says what is wrong").isNotBlank();
        assertThat(rejectedRequests()).as(c.name() + " is counted").isEqualTo(rejectedBefore + 1);
        assertNothingOfTheCorpusIsStored();
        assertStillServing();
    }

    @Test
    void emptyBatches_areAnsweredAsSuccess_andStoreNothing() {
        assertThat(post(new HttpCase("", Receiver.OTLP_HTTP, "/v1/traces", "application/json", null, utf8("{}"), 0, ""))
                .statusCode()).isEqualTo(200);
        assertThat(post(new HttpCase("", Receiver.OTLP_HTTP, "/v1/traces", "application/x-protobuf", null, new byte[0], 0, ""))
                .statusCode()).isEqualTo(200);
        assertThat(post(new HttpCase("", Receiver.ZIPKIN, "/api/v2/spans", "application/json", null, utf8("[]"), 0, ""))
                .statusCode()).isEqualTo(202);
        traceService().export(ExportTraceServiceRequest.getDefaultInstance());
        assertNothingOfTheCorpusIsStored();
    }

    @Test
    void otlpGrpc_invalidIdAndOversizedMessage_areRefusedAndCounted() {
        double rejectedBefore = rejectedRequests();
        ExportTraceServiceRequest badId = otlpRequest("corpus-otlp-grpc", 3);
        assertThatThrownBy(() -> traceService().export(badId))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("INVALID_ARGUMENT")
                .hasMessageContaining("traceId: expected 16 bytes, got 3");
        assertThat(rejectedRequests()).isEqualTo(rejectedBefore + 1);

        assertThatThrownBy(() -> traceService().export(otlpRequest("corpus-otlp-grpc", 16, MAX_SPANS_PER_REQUEST + 1)))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("INVALID_ARGUMENT")
                .hasMessageContaining("request has 6 spans, more than the 5 one request may carry");
        assertThat(rejectedRequests()).isEqualTo(rejectedBefore + 2);

        ExportTraceServiceRequest big = otlpRequest("corpus-otlp-grpc", 16).toBuilder()
                .setResourceSpans(0, otlpRequest("corpus-otlp-grpc", 16).getResourceSpans(0).toBuilder()
                        .setResource(Resource.newBuilder().addAttributes(attribute("service.name", "corpus-otlp-grpc"))
                                .addAttributes(attribute("padding", "x".repeat(MAX_BODY_BYTES)))))
                .build();
        assertThatThrownBy(() -> traceService().export(big))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("RESOURCE_EXHAUSTED");
        assertNothingOfTheCorpusIsStored();
        assertStillServing();
    }

    @Test
    void jaegerGrpc_invalidIdAndOversizedMessage_areRefused() {
        CollectorServiceGrpc.CollectorServiceBlockingStub stub = GrpcClients.newClient(
                "http://127.0.0.1:" + server.jaegerGrpcPort() + "/", CollectorServiceGrpc.CollectorServiceBlockingStub.class);
        Model.Span badId = Model.Span.newBuilder().setTraceId(ByteString.copyFrom(new byte[5]))
                .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1})).setOperationName("op").build();
        assertThatThrownBy(() -> stub.postSpans(jaegerGrpcRequest(badId, "")))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("INVALID_ARGUMENT")
                .hasMessageContaining("trace");
        Model.Span valid = badId.toBuilder().setTraceId(ByteString.copyFrom(new byte[] {
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7})).build();
        assertThatThrownBy(() -> stub.postSpans(jaegerGrpcRequest(valid, "x".repeat(MAX_BODY_BYTES))))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("RESOURCE_EXHAUSTED");
        assertNothingOfTheCorpusIsStored();
        assertStillServing();
    }

    @Test
    void agentUdp_garbageAndTruncatedDatagrams_areCountedAndStoreNothing() throws Exception {
        double errorsBefore = metric("jaeger_agent_thrift_udp_t_processor_handler_errors_total");
        try (DatagramSocket socket = new DatagramSocket()) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            for (int port : new int[] {server.agentCompactPort(), server.agentBinaryPort()}) {
                byte[] garbage = garbage();
                socket.send(new DatagramPacket(garbage, garbage.length, loopback, port));
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (metric("jaeger_agent_thrift_udp_t_processor_handler_errors_total") < errorsBefore + 2
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(metric("jaeger_agent_thrift_udp_t_processor_handler_errors_total")).isEqualTo(errorsBefore + 2);
        assertNothingOfTheCorpusIsStored();
        assertStillServing();
    }

    private static PostSpansRequest jaegerGrpcRequest(Model.Span span, String padding) {
        Model.Process.Builder process = Model.Process.newBuilder().setServiceName("corpus-jaeger-grpc");
        if (!padding.isEmpty()) {
            process.addTags(Model.KeyValue.newBuilder().setKey("padding").setVStr(padding));
        }
        return PostSpansRequest.newBuilder().setBatch(Model.Batch.newBuilder().setProcess(process).addSpans(span)).build();
    }

    private static TraceServiceGrpc.TraceServiceBlockingStub traceService() {
        return GrpcClients.newClient("http://127.0.0.1:" + server.otlpGrpcPort() + "/",
                TraceServiceGrpc.TraceServiceBlockingStub.class);
    }

    private static void assertNothingOfTheCorpusIsStored() {
        String services = HttpGets.get(server.queryPort(), "/api/services").body();
        assertThat(services).doesNotContain("corpus-");
    }

    /** A valid span still goes through after the corpus. */
    private static void assertStillServing() {
        HttpResponse<String> response = post(new HttpCase("valid", Receiver.OTLP_HTTP, "/v1/traces",
                "application/json", null, utf8(otlpJson("still-serving", "0102030405060708090a0b0c0d0e0f10")), 0, ""));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(HttpGets.get(server.queryPort(), "/api/services").body()).contains("still-serving");
    }

    private static double rejectedRequests() {
        return metric("sightline_ingest_rejected_requests_total");
    }

    /** The sum of every series of one counter family on the admin port. */
    private static double metric(String name) {
        double sum = 0;
        for (String line : HttpGets.get(server.adminPort(), "/metrics").body().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static HttpResponse<String> post(HttpCase c) {
        int port = switch (c.receiver()) {
            case OTLP_HTTP -> server.otlpHttpPort();
            case ZIPKIN -> server.zipkinPort();
            case JAEGER_HTTP -> server.jaegerHttpPort();
        };
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + c.path()))
                .header("Content-Type", c.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.encoding() != null) {
            request.header("Content-Encoding", c.encoding());
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ExportTraceServiceRequest otlpRequest(String service, int traceIdBytes) {
        return otlpRequest(service, traceIdBytes, 1);
    }

    private static ExportTraceServiceRequest otlpRequest(String service, int traceIdBytes, int spans) {
        byte[] traceId = new byte[traceIdBytes];
        traceId[traceIdBytes - 1] = 9;
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 1; i <= spans; i++) {
            scope.addSpans(Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(traceId))
                    .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) i}))
                    .setName("op").setStartTimeUnixNano(1_700_000_000_000_000_000L)
                    .setEndTimeUnixNano(1_700_000_000_001_000_000L));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service)))
                .addScopeSpans(scope)).build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static String otlpJson(String service, String traceIdHex) {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"" + service + "\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + traceIdHex
                + "\",\"spanId\":\"0000000000000001\",\"name\":\"op\",\"startTimeUnixNano\":\"1700000000000000000\","
                + "\"endTimeUnixNano\":\"1700000000001000000\"}]}]}]}";
    }

    private static zipkin2.Span zipkinSpan(String service) {
        return zipkin2.Span.newBuilder().traceId("0000000000000001").id("0000000000000002").name("op")
                .localEndpoint(Endpoint.newBuilder().serviceName(service).build())
                .timestamp(1_700_000_000_000_000L).duration(10).build();
    }

    private static byte[] jaegerThriftBatch(String service) {
        return jaegerThriftBatch(service, 1);
    }

    private static byte[] jaegerThriftBatch(String service, int spanCount) {
        List<io.jaegertracing.thriftjava.Span> spans = new java.util.ArrayList<>();
        for (int i = 1; i <= spanCount; i++) {
            spans.add(new io.jaegertracing.thriftjava.Span(1, 0, i + 1, 0, "op", 1, 1_700_000_000_000_000L, 10));
        }
        try {
            return new TSerializer(new TBinaryProtocol.Factory()).serialize(new Batch(new Process(service), spans));
        } catch (org.apache.thrift.TException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bytes that no decoder accepts: not JSON, not a valid protobuf or Thrift message. */
    private static byte[] garbage() {
        return new byte[] {(byte) 0xff, (byte) 0xfe, 0x7f, 0x00, 0x13, 0x37, (byte) 0xc0, (byte) 0xde, 0x01, 0x02};
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

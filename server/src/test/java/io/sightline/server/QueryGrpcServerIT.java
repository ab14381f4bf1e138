package io.sightline.server;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.sightline.query.proto.v2.FindTracesRequest;
import io.sightline.query.proto.v2.GetOperationsRequest;
import io.sightline.query.proto.v2.GetServicesRequest;
import io.sightline.query.proto.v2.GetTraceRequest;
import io.sightline.query.proto.v2.QueryServiceGrpc;
import io.sightline.query.proto.v2.SpansResponseChunk;
import io.sightline.query.proto.v2.TraceQueryParameters;
import io.sightline.server.config.Setting;
import io.sightline.spm.proto.GetCallRatesRequest;
import io.sightline.spm.proto.GetErrorRatesRequest;
import io.sightline.spm.proto.GetLatenciesRequest;
import io.sightline.spm.proto.GetMetricsResponse;
import io.sightline.spm.proto.MetricsQueryBaseRequest;
import io.sightline.spm.proto.MetricsQueryServiceGrpc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC query port of the whole server, with spans sent by the OpenTelemetry SDK's OTLP
 * exporter and read back through grpc-java stubs generated from the query protos: every api_v2
 * method, api_v3, the SPM metrics service over the embedded metrics, health and reflection.
 */
class QueryGrpcServerIT {
    private static final String SERVICE = "grpc-it-frontend";

    @TempDir
    static Path dir;
    private static AllInOneServer server;
    private static QueryServiceGrpc.QueryServiceBlockingStub v2;
    private static io.sightline.query.proto.v3.QueryServiceGrpc.QueryServiceBlockingStub v3;
    private static MetricsQueryServiceGrpc.MetricsQueryServiceBlockingStub metrics;
    private static String bigTraceId;
    private static final List<String> smallTraceIds = new ArrayList<>();
    private static long startNanos;

    @BeforeAll
    static void start() throws Exception {
        server = AllInOneServer.start(TestServers.config(dir.resolve("data")).with(Setting.SPM_RESOLUTION_MS, "1000"));
        String uri = "http://127.0.0.1:" + server.queryGrpcPort();
        v2 = GrpcClients.newClient(uri, QueryServiceGrpc.QueryServiceBlockingStub.class);
        v3 = GrpcClients.newClient(uri, io.sightline.query.proto.v3.QueryServiceGrpc.QueryServiceBlockingStub.class);
        metrics = GrpcClients.newClient(uri, MetricsQueryServiceGrpc.MetricsQueryServiceBlockingStub.class);

        startNanos = System.currentTimeMillis() * 1_000_000L;
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(stringKey("service.name"), SERVICE)))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort()).build()).build())
                .build();
        try {
            Tracer tracer = provider.get("grpc-query-it");
            Span root = tracer.spanBuilder("GET /big").setSpanKind(SpanKind.SERVER).startSpan();
            try (Scope ignored = root.makeCurrent()) {
                for (int i = 1; i < 25; i++) {
                    tracer.spanBuilder("step " + i).setSpanKind(SpanKind.INTERNAL).startSpan().end();
                }
            }
            root.end();
            bigTraceId = root.getSpanContext().getTraceId();
            // Server spans spread over three seconds: a rate needs increases between metric snapshots.
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 3; i++) {
                    Span span = tracer.spanBuilder("GET /small").setSpanKind(SpanKind.SERVER).startSpan();
                    if (i == 0) {
                        span.setStatus(StatusCode.ERROR);
                    }
                    span.end();
                    smallTraceIds.add(span.getSpanContext().getTraceId());
                }
                assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
                Thread.sleep(1_000);
            }
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
        Eventually.within(java.time.Duration.ofSeconds(10), () -> assertThat(server.storage().traceReader()
                .getTrace(io.sightline.core.model.TraceId.fromHex(bigTraceId)))
                .hasValueSatisfying(t -> assertThat(t.spans()).hasSize(25)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static Timestamp at(long epochNanos) {
        return Timestamp.newBuilder().setSeconds(epochNanos / 1_000_000_000L).setNanos((int) (epochNanos % 1_000_000_000L))
                .build();
    }

    private static <T> List<T> drain(Iterator<T> stream) {
        List<T> out = new ArrayList<>();
        stream.forEachRemaining(out::add);
        return out;
    }

    @Test
    void getTrace_a25SpanTraceComesInChunksOf10_10_5() {
        List<SpansResponseChunk> chunks = drain(v2.getTrace(GetTraceRequest.newBuilder().setTraceId(id(bigTraceId)).build()));

        assertThat(chunks).extracting(SpansResponseChunk::getSpansCount).containsExactly(10, 10, 5);
        List<Model.Span> spans = chunks.stream().flatMap(c -> c.getSpansList().stream()).toList();
        assertThat(spans).allSatisfy(span -> {
            assertThat(span.getTraceId()).isEqualTo(id(bigTraceId));
            assertThat(span.getProcess().getServiceName()).isEqualTo(SERVICE);
        });
        Model.Span root = spans.stream().filter(s -> s.getOperationName().equals("GET /big")).findFirst().orElseThrow();
        assertThat(root.getTagsList()).anySatisfy(tag -> {
            assertThat(tag.getKey()).isEqualTo("span.kind");
            assertThat(tag.getVStr()).isEqualTo("server");
        });
        assertThat(root.getProcess().getTagsList()).anySatisfy(tag -> {
            assertThat(tag.getKey()).isEqualTo("otel.scope.name");
            assertThat(tag.getVStr()).isEqualTo("grpc-query-it");
        });
        assertThat(spans.stream().filter(s -> !s.getOperationName().equals("GET /big")))
                .allSatisfy(child -> assertThat(child.getReferences(0).getSpanId()).isEqualTo(root.getSpanId()));
    }

    @Test
    void getTrace_unknownIsNotFound_andAShortIdIsInvalidArgument() {
        assertThatThrownBy(() -> drain(v2.getTrace(GetTraceRequest.newBuilder()
                .setTraceId(id("0000000000000000000000000000beef")).build())))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo("trace not found: 000000000000beef");
                });
        assertThatThrownBy(() -> drain(v2.getTrace(GetTraceRequest.newBuilder().setTraceId(id("beef")).build())))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void findTraces_returnsEveryMatchingTraceInConsecutiveChunks() {
        TraceQueryParameters query = TraceQueryParameters.newBuilder().setServiceName(SERVICE).setOperationName("GET /small")
                .setStartTimeMin(at(startNanos - 60_000_000_000L)).setStartTimeMax(at(startNanos + 600_000_000_000L))
                .build();
        List<SpansResponseChunk> chunks = drain(v2.findTraces(FindTracesRequest.newBuilder().setQuery(query).build()));

        assertThat(chunks).extracting(c -> HexFormat.of().formatHex(c.getSpans(0).getTraceId().toByteArray()))
                .containsExactlyInAnyOrderElementsOf(smallTraceIds);

        List<SpansResponseChunk> limited = drain(v2.findTraces(FindTracesRequest.newBuilder()
                .setQuery(query.toBuilder().setSearchDepth(2)).build()));
        assertThat(limited).hasSize(2);
        assertThatThrownBy(() -> drain(v2.findTraces(FindTracesRequest.getDefaultInstance())))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void servicesAndOperations() {
        assertThat(v2.getServices(GetServicesRequest.getDefaultInstance()).getServicesList()).contains(SERVICE);
        assertThat(v2.getOperations(GetOperationsRequest.newBuilder().setService(SERVICE).setSpanKind("server").build())
                .getOperationNamesList()).containsExactlyInAnyOrder("GET /big", "GET /small");
    }

    @Test
    void apiV3_getTraceAndFindTraces() {
        List<TracesData> trace = drain(v3.getTrace(io.sightline.query.proto.v3.GetTraceRequest.newBuilder()
                .setTraceId(bigTraceId).build()));
        assertThat(trace).hasSize(1);
        assertThat(trace.get(0).getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(25);

        List<TracesData> found = drain(v3.findTraces(io.sightline.query.proto.v3.FindTracesRequest.newBuilder()
                .setQuery(io.sightline.query.proto.v3.TraceQueryParameters.newBuilder().setServiceName(SERVICE)
                        .setStartTimeMin(at(startNanos - 60_000_000_000L)).setStartTimeMax(at(startNanos + 600_000_000_000L))
                        .setDurationMax(Duration.newBuilder().setSeconds(60)))
                .build()));
        assertThat(found).hasSize(1 + smallTraceIds.size());
    }

    @Test
    void metrics_callRatesErrorRatesAndLatencies_ofSpansSentByTheOtelSdk() {
        MetricsQueryBaseRequest base = MetricsQueryBaseRequest.newBuilder().addServiceNames(SERVICE)
                .setLookback(Duration.newBuilder().setSeconds(60)).setStep(Duration.newBuilder().setSeconds(1))
                .setRatePer(Duration.newBuilder().setSeconds(10)).build();

        Eventually.within(java.time.Duration.ofSeconds(20), () -> {
            GetMetricsResponse calls = metrics.getCallRates(GetCallRatesRequest.newBuilder().setBaseRequest(base).build());
            assertThat(calls.getMetrics().getName()).isEqualTo("service_call_rate");
            assertThat(calls.getMetrics().getMetricsList()).singleElement().satisfies(series -> {
                assertThat(series.getLabelsList()).extracting(l -> l.getName() + "=" + l.getValue())
                        .containsExactly("service_name=" + SERVICE);
                assertThat(series.getMetricPointsList()).anySatisfy(
                        p -> assertThat(p.getGaugeValue().getDoubleValue()).isPositive());
            });
        });
        GetMetricsResponse errors = metrics.getErrorRates(GetErrorRatesRequest.newBuilder().setBaseRequest(base).build());
        assertThat(errors.getMetrics().getName()).isEqualTo("service_error_rate");
        assertThat(errors.getMetrics().getMetrics(0).getMetricPointsList())
                .anySatisfy(p -> assertThat(p.getGaugeValue().getDoubleValue()).isBetween(0.01, 1.0));
        GetMetricsResponse latencies = metrics.getLatencies(GetLatenciesRequest.newBuilder()
                .setBaseRequest(base.toBuilder().setGroupByOperation(true)).setQuantile(0.95).build());
        assertThat(latencies.getMetrics().getName()).isEqualTo("service_operation_latencies");
        assertThat(latencies.getMetrics().getMetricsList()).anySatisfy(series -> assertThat(series.getLabelsList())
                .anySatisfy(l -> assertThat(l.getName() + "=" + l.getValue()).isEqualTo("operation=GET /small")));
    }

    @Test
    void health_isServingWhileStorageIsHealthy() {
        HealthGrpc.HealthBlockingStub health = GrpcClients.newClient("http://127.0.0.1:" + server.queryGrpcPort(),
                HealthGrpc.HealthBlockingStub.class);

        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void reflection_listsTheQueryServices() throws Exception {
        ServerReflectionGrpc.ServerReflectionStub reflection = GrpcClients.newClient(
                "http://127.0.0.1:" + server.queryGrpcPort(), ServerReflectionGrpc.ServerReflectionStub.class);
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = reflection.serverReflectionInfo(
                new StreamObserver<ServerReflectionResponse>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();

        assertThat(services.get(10, TimeUnit.SECONDS)).contains("jaeger.api_v2.QueryService",
                "jaeger.api_v3.QueryService", "jaeger.api_v2.metrics.MetricsQueryService", "grpc.health.v1.Health");
    }
}

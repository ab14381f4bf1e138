package io.sightline.spm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sightline.spm.proto.GetCallRatesRequest;
import io.sightline.spm.proto.GetErrorRatesRequest;
import io.sightline.spm.proto.GetLatenciesRequest;
import io.sightline.spm.proto.GetMetricsResponse;
import io.sightline.spm.proto.GetMinStepDurationRequest;
import io.sightline.spm.proto.MetricType;
import io.sightline.spm.proto.MetricsQueryBaseRequest;
import io.sightline.spm.proto.MetricsQueryServiceGrpc;
import io.sightline.spm.proto.SpanKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code MetricsQueryService} through generated grpc-java stubs against a real server: the HTTP
 * API's defaults reach the reader, bad requests are INVALID_ARGUMENT, metrics off is
 * UNIMPLEMENTED, and the family comes back as protobuf.
 */
class MetricsGrpcServiceIT {
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final AtomicReference<MetricsQuery> LAST = new AtomicReference<>();
    private static final MetricsReader READER = new MetricsReader() {
        @Override
        public MetricFamily calls(MetricsQuery query) {
            LAST.set(query);
            return new MetricFamily(MetricFamily.Kind.CALLS.familyName(query.groupByOperation()),
                    MetricFamily.Kind.CALLS.help(query.groupByOperation(), Double.NaN),
                    List.of(new MetricFamily.Metric(List.of(new MetricFamily.Label("service_name", "frontend")),
                            List.of(new MetricFamily.Point(NOW_MS - 1_500, 2.5),
                                    new MetricFamily.Point(NOW_MS, Double.NaN)))));
        }

        @Override
        public MetricFamily errors(MetricsQuery query) {
            throw new MetricsBackendException("prometheus said no", null);
        }

        @Override
        public MetricFamily latencies(MetricsQuery query) {
            LAST.set(query);
            return new MetricFamily(MetricFamily.Kind.LATENCIES.familyName(false),
                    MetricFamily.Kind.LATENCIES.help(false, query.quantile()), List.of());
        }

        @Override
        public long minStepMs() {
            return 15_000;
        }
    };

    private static Server server;
    private static MetricsQueryServiceGrpc.MetricsQueryServiceBlockingStub client;
    private static MetricsQueryServiceGrpc.MetricsQueryServiceBlockingStub disabled;

    @BeforeAll
    static void start() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);
        BindableService on = new MetricsGrpcService(READER, clock, false);
        BindableService off = SpmQueryService.disabled().grpcService();
        server = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0)
                .service(GrpcService.builder().addService(on).useBlockingTaskExecutor(true).build())
                .build();
        server.start().join();
        client = GrpcClients.newClient("http://127.0.0.1:" + server.activeLocalPort(),
                MetricsQueryServiceGrpc.MetricsQueryServiceBlockingStub.class);
        Server offServer = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0)
                .service(GrpcService.builder().addService(off).build()).build();
        offServer.start().join();
        disabledServer = offServer;
        disabled = GrpcClients.newClient("http://127.0.0.1:" + offServer.activeLocalPort(),
                MetricsQueryServiceGrpc.MetricsQueryServiceBlockingStub.class);
    }

    private static Server disabledServer;

    @AfterAll
    static void stop() {
        server.stop().join();
        disabledServer.stop().join();
    }

    private static MetricsQueryBaseRequest.Builder base() {
        return MetricsQueryBaseRequest.newBuilder().addServiceNames("frontend");
    }

    @Test
    void callRates_unsetFieldsTakeTheHttpDefaults_andTheFamilyComesBack() {
        GetMetricsResponse response = client.getCallRates(GetCallRatesRequest.newBuilder().setBaseRequest(base()).build());

        MetricsQuery query = LAST.get();
        assertThat(query.services()).containsExactly("frontend");
        assertThat(query.endMs()).isEqualTo(NOW_MS);
        assertThat(query.lookbackMs()).isEqualTo(3_600_000);
        assertThat(query.stepMs()).isEqualTo(5_000);
        assertThat(query.ratePerMs()).isEqualTo(600_000);
        assertThat(query.spanKinds()).containsExactly("SPAN_KIND_SERVER");
        assertThat(query.groupByOperation()).isFalse();

        var family = response.getMetrics();
        assertThat(family.getName()).isEqualTo("service_call_rate");
        assertThat(family.getType()).isEqualTo(MetricType.GAUGE);
        assertThat(family.getHelp()).isEqualTo("calls/sec, grouped by service");
        var series = family.getMetrics(0);
        assertThat(series.getLabels(0).getValue()).isEqualTo("frontend");
        assertThat(series.getMetricPoints(0).getGaugeValue().getDoubleValue()).isEqualTo(2.5);
        assertThat(series.getMetricPoints(0).getTimestamp())
                .isEqualTo(Timestamp.newBuilder().setSeconds(1_699_999_998).setNanos(500_000_000).build());
        assertThat(series.getMetricPoints(1).getGaugeValue().getDoubleValue()).isNaN();
    }

    @Test
    void callRates_givenFieldsAreUsed() {
        client.getCallRates(GetCallRatesRequest.newBuilder().setBaseRequest(base().setGroupByOperation(true)
                .setEndTime(Timestamp.newBuilder().setSeconds(1_600_000_000))
                .setLookback(Duration.newBuilder().setSeconds(600))
                .setStep(Duration.newBuilder().setSeconds(60))
                .setRatePer(Duration.newBuilder().setSeconds(120))
                .addSpanKinds(SpanKind.SPAN_KIND_CLIENT).addSpanKinds(SpanKind.SPAN_KIND_CONSUMER)).build());

        MetricsQuery query = LAST.get();
        assertThat(query.endMs()).isEqualTo(1_600_000_000_000L);
        assertThat(query.lookbackMs()).isEqualTo(600_000);
        assertThat(query.stepMs()).isEqualTo(60_000);
        assertThat(query.ratePerMs()).isEqualTo(120_000);
        assertThat(query.spanKinds()).containsExactly("SPAN_KIND_CLIENT", "SPAN_KIND_CONSUMER");
        assertThat(query.groupByOperation()).isTrue();
    }

    @Test
    void latencies_quantileIsRequiredAndRoundedAsJaegerDoes() {
        GetMetricsResponse response = client.getLatencies(GetLatenciesRequest.newBuilder().setBaseRequest(base())
                .setQuantile(0.951).build());
        assertThat(LAST.get().quantile()).isEqualTo(0.95);
        assertThat(response.getMetrics().getHelp()).isEqualTo("0.95th quantile latency, grouped by service");
        assertThat(response.getMetrics().getMetricsList()).isEmpty();

        assertStatus(() -> client.getLatencies(GetLatenciesRequest.newBuilder().setBaseRequest(base()).build()),
                Status.Code.INVALID_ARGUMENT, "please provide a quantile between (0, 1]");
        assertStatus(() -> client.getLatencies(GetLatenciesRequest.newBuilder().setBaseRequest(base()).setQuantile(1.5)
                .build()), Status.Code.INVALID_ARGUMENT, "quantile: 1.5");
    }

    @Test
    void badRequests_areInvalidArgumentNamingWhatIsWrong() {
        assertStatus(() -> client.getCallRates(GetCallRatesRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "please provide at least one service name");
        assertStatus(() -> client.getCallRates(GetCallRatesRequest.newBuilder().setBaseRequest(base()
                        .setStep(Duration.newBuilder().setSeconds(-5))).build()),
                Status.Code.INVALID_ARGUMENT, "step");
        assertStatus(() -> client.getCallRates(GetCallRatesRequest.newBuilder().setBaseRequest(base()
                        .setLookback(Duration.newBuilder().setSeconds(86_400 * 30)).setStep(Duration.newBuilder().setSeconds(1)))
                        .build()),
                Status.Code.INVALID_ARGUMENT, "exceeded maximum resolution");
        assertStatus(() -> client.getCallRates(GetCallRatesRequest.newBuilder().setBaseRequest(base()
                        .addSpanKindsValue(42)).build()),
                Status.Code.INVALID_ARGUMENT, "spanKinds");
    }

    @Test
    void backendFailure_isInternalNamingTheCall() {
        assertStatus(() -> client.getErrorRates(GetErrorRatesRequest.newBuilder().setBaseRequest(base()).build()),
                Status.Code.INTERNAL, "failed to fetch error rates: prometheus said no");
    }

    @Test
    void minStep_isTheReadersResolution() {
        assertThat(client.getMinStepDuration(GetMinStepDurationRequest.getDefaultInstance()).getMinStep())
                .isEqualTo(Duration.newBuilder().setSeconds(15).build());
    }

    @Test
    void metricsOff_isUnimplemented() {
        assertStatus(() -> disabled.getCallRates(GetCallRatesRequest.newBuilder().setBaseRequest(base()).build()),
                Status.Code.UNIMPLEMENTED, "metrics querying is currently disabled");
        assertStatus(() -> disabled.getMinStepDuration(GetMinStepDurationRequest.getDefaultInstance()),
                Status.Code.UNIMPLEMENTED, "metrics querying is currently disabled");
    }

    private static void assertStatus(Runnable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(messagePart);
        });
    }
}

package io.sightline.collector.jaeger.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Collector.PostSpansRequest;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Collector.PostSpansResponse;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.PipelineOptions;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class JaegerGrpcCollectorServiceTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final CollectorMetrics metrics = new CollectorMetrics(registry, "test");
    /** Never started, so it refuses every batch as stopped. */
    private final IngestPipeline stoppedPipeline = new IngestPipeline(spans -> {}, new PipelineOptions(10, 1, 10), metrics);
    private final JaegerGrpcCollectorService service = new JaegerGrpcCollectorService(stoppedPipeline, metrics);

    private static final class RecordingObserver implements StreamObserver<PostSpansResponse> {
        final CompletableFuture<Status> status = new CompletableFuture<>();

        @Override
        public void onNext(PostSpansResponse value) {}

        @Override
        public void onError(Throwable t) {
            status.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            status.complete(Status.OK);
        }
    }

    private Status post(PostSpansRequest request) {
        RecordingObserver observer = new RecordingObserver();
        service.postSpans(request, observer);
        return observer.status.join();
    }

    /** The rejected-requests count for this receiver's labels and the given reason. */
    private double rejected(String reason) {
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (snapshot instanceof CounterSnapshot counter
                    && counter.getMetadata().getName().equals("sightline_ingest_rejected_requests")) {
                for (CounterSnapshot.CounterDataPointSnapshot point : counter.getDataPoints()) {
                    if (point.getLabels().get("format").equals("proto") && point.getLabels().get("transport").equals("grpc")
                            && point.getLabels().get("reason").equals(reason)) {
                        return point.getValue();
                    }
                }
            }
        }
        return 0;
    }

    @Test
    void postSpans_whilePipelineIsStoppedIsUnavailable_andCountedWithProtoGrpcLabels() {
        Status status = post(PostSpansRequest.newBuilder()
                .setBatch(JaegerProtoFixtures.batch(JaegerProtoFixtures.process("svc"), JaegerProtoFixtures.span(1))).build());
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(rejected("stopping")).isEqualTo(1.0);
    }

    @Test
    void postSpans_invalidSpanIsInvalidArgument_andCounted() {
        Status status = post(PostSpansRequest.newBuilder().setBatch(Model.Batch.newBuilder()
                .addSpans(JaegerProtoFixtures.span(1).clearTraceId())).build());
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("batch.spans[0].trace_id:");
        assertThat(rejected("invalid")).isEqualTo(1.0);
    }

    @Test
    void postSpans_emptyBatchIsOkWithoutTouchingThePipeline() {
        assertThat(post(PostSpansRequest.getDefaultInstance()).getCode()).isEqualTo(Status.Code.OK);
    }

    @Test
    void markNotServing_turnsHealthToNotServing() {
        Server server = Server.builder().http(0).service(service.asGrpcService(1024)).build();
        server.start().join();
        try {
            HealthGrpc.HealthBlockingStub health = GrpcClients.newClient(
                    "http://127.0.0.1:" + server.activeLocalPort(), HealthGrpc.HealthBlockingStub.class);
            HealthCheckRequest collector = HealthCheckRequest.newBuilder().setService("jaeger.api_v2.CollectorService").build();
            assertThat(health.check(collector).getStatus()).isEqualTo(ServingStatus.SERVING);
            service.markNotServing();
            assertThat(health.check(collector).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
        } finally {
            server.stop().join();
        }
    }
}

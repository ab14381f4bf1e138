package io.sightline.collector.jaeger.grpc;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.grpc.GrpcHealthCheckService;
import com.linecorp.armeria.server.grpc.GrpcHealthCheckServiceBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import com.linecorp.armeria.server.healthcheck.SettableHealthChecker;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Collector.PostSpansRequest;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Collector.PostSpansResponse;
import io.opentelemetry.exporter.jaeger.proto.api_v2.CollectorServiceGrpc;
import io.sightline.collector.InvalidSpansException;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.IngestSource;
import io.sightline.collector.pipeline.PipelineStoppedException;
import io.sightline.collector.pipeline.QueueFullException;
import io.sightline.collector.pipeline.TooManySpansException;
import io.sightline.core.model.Span;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Jaeger's gRPC collector endpoint, {@code jaeger.api_v2.CollectorService/PostSpans} (port 14250),
 * with the standard {@code grpc.health.v1.Health} service beside it, as Jaeger serves them.
 * Replies once the spans are stored. Unlike Jaeger, which acknowledges and drops, a full queue is
 * answered RESOURCE_EXHAUSTED so that the sender retries; invalid spans get INVALID_ARGUMENT
 * naming the field; a stopping server UNAVAILABLE.
 */
public final class JaegerGrpcCollectorService extends CollectorServiceGrpc.CollectorServiceImplBase {
    /** Jaeger's metric labels for this endpoint: the span format is "proto", not "jaeger" (Thrift). */
    public static final IngestSource INGEST_SOURCE = new IngestSource("proto", "grpc");

    private final IngestPipeline pipeline;
    private final CollectorMetrics metrics;
    /** Healthy until shutdown begins; then health checks report NOT_SERVING so balancers move away. */
    private final SettableHealthChecker serving = new SettableHealthChecker(true);

    public JaegerGrpcCollectorService(IngestPipeline pipeline, CollectorMetrics metrics) {
        this.pipeline = requireNonNull(pipeline, "pipeline");
        this.metrics = requireNonNull(metrics, "metrics");
    }

    /**
     * The Armeria service for this receiver and the gRPC health service; gzip-compressed
     * requests are accepted. A request over {@code maxMessageBytes} is refused RESOURCE_EXHAUSTED.
     */
    public GrpcService asGrpcService(int maxMessageBytes) {
        return asGrpcService(maxMessageBytes, new BindableService[0]);
    }

    /**
     * As {@link #asGrpcService(int)}, with other services served on the same port (Jaeger serves
     * {@code SamplingManager} there too); the health service reports them as well.
     */
    public GrpcService asGrpcService(int maxMessageBytes, BindableService... alongside) {
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes: " + maxMessageBytes + " (expected: > 0)");
        }
        requireNonNull(alongside, "alongside");
        GrpcHealthCheckServiceBuilder health = GrpcHealthCheckService.builder()
                .checkers(serving)
                .serviceCheckers(CollectorServiceGrpc.SERVICE_NAME, serving);
        GrpcServiceBuilder builder = GrpcService.builder().addService(this);
        for (BindableService service : alongside) {
            requireNonNull(service, "alongside[i]");
            health.serviceCheckers(service.bindService().getServiceDescriptor().getName(), serving);
            builder.addService(service);
        }
        return builder.addService(health.build())
                .maxRequestMessageLength(maxMessageBytes)
                .useBlockingTaskExecutor(false)
                .build();
    }

    /** Makes the health service answer NOT_SERVING; called first on shutdown. */
    public void markNotServing() {
        serving.setHealthy(false);
    }

    @Override
    public void postSpans(PostSpansRequest request, StreamObserver<PostSpansResponse> responses) {
        List<Span> spans;
        try {
            spans = JaegerProtoSpanDecoder.decode(request);
        } catch (InvalidSpansException e) {
            metrics.rejected(INGEST_SOURCE, "invalid");
            responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        pipeline.submit(spans, INGEST_SOURCE).whenComplete((ignored, failure) -> {
            if (failure == null) {
                responses.onNext(PostSpansResponse.getDefaultInstance());
                responses.onCompleted();
            } else {
                responses.onError(toStatus(failure).asRuntimeException());
            }
        });
    }

    private Status toStatus(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TooManySpansException) {
            metrics.rejected(INGEST_SOURCE, "too_many_spans");
            return Status.INVALID_ARGUMENT.withDescription(cause.getMessage());
        }
        if (cause instanceof QueueFullException) {
            metrics.rejected(INGEST_SOURCE, "queue_full");
            return Status.RESOURCE_EXHAUSTED.withDescription(cause.getMessage());
        }
        if (cause instanceof PipelineStoppedException) {
            metrics.rejected(INGEST_SOURCE, "stopping");
            return Status.UNAVAILABLE.withDescription(cause.getMessage());
        }
        metrics.rejected(INGEST_SOURCE, "storage_error");
        return Status.UNAVAILABLE.withDescription("storage write failed: " + cause.getMessage());
    }
}

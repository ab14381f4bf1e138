package io.sightline.collector.otlp;

import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.sightline.collector.InvalidSpansException;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.IngestSource;
import io.sightline.collector.pipeline.PipelineStoppedException;
import io.sightline.collector.pipeline.QueueFullException;
import io.sightline.collector.pipeline.TooManySpansException;
import io.sightline.core.model.Span;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * OTLP/gRPC {@code TraceService/Export}. Replies once the spans are stored; a full queue is
 * answered RESOURCE_EXHAUSTED (which OTLP exporters retry), invalid spans INVALID_ARGUMENT;
 * spans dropped in drop-silently mode or truncated are reported in {@code partial_success}.
 */
public final class OtlpGrpcTraceService extends TraceServiceGrpc.TraceServiceImplBase {
    private final IngestPipeline pipeline;
    private final CollectorMetrics metrics;

    public OtlpGrpcTraceService(IngestPipeline pipeline, CollectorMetrics metrics) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The Armeria service for this receiver; gzip-compressed requests are accepted. */
    public GrpcService asGrpcService(int maxMessageBytes) {
        return GrpcService.builder()
                .addService(this)
                .maxRequestMessageLength(maxMessageBytes)
                .useBlockingTaskExecutor(false)
                .build();
    }

    @Override
    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> responses) {
        List<Span> spans;
        try {
            spans = OtlpSpanDecoder.decode(request);
        } catch (InvalidSpansException e) {
            metrics.rejected(IngestSource.OTLP_GRPC, "invalid");
            responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        pipeline.submit(spans, IngestSource.OTLP_GRPC).whenComplete((outcome, failure) -> {
            if (failure == null) {
                responses.onNext(OtlpPartialSuccess.response(outcome));
                responses.onCompleted();
            } else {
                responses.onError(toStatus(failure).asRuntimeException());
            }
        });
    }

    private Status toStatus(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TooManySpansException) {
            metrics.rejected(IngestSource.OTLP_GRPC, "too_many_spans");
            return Status.INVALID_ARGUMENT.withDescription(cause.getMessage());
        }
        if (cause instanceof QueueFullException) {
            metrics.rejected(IngestSource.OTLP_GRPC, "queue_full");
            return Status.RESOURCE_EXHAUSTED.withDescription(cause.getMessage());
        }
        if (cause instanceof PipelineStoppedException) {
            metrics.rejected(IngestSource.OTLP_GRPC, "stopping");
            return Status.UNAVAILABLE.withDescription(cause.getMessage());
        }
        metrics.rejected(IngestSource.OTLP_GRPC, "storage_error");
        return Status.UNAVAILABLE.withDescription("storage write failed: " + cause.getMessage());
    }
}

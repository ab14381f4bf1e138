package io.sightline.collector.otlp;

import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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
 *
 * <p>The request is taken as raw bytes and decoded by {@link OtlpProtobufDecoder} straight into
 * model spans: the generated {@code ExportTraceServiceRequest} would be built only to be thrown
 * away, at about three times the allocation of the spans themselves.
 */
public final class OtlpGrpcTraceService {
    private static final MethodDescriptor<byte[], ExportTraceServiceResponse> EXPORT =
            MethodDescriptor.<byte[], ExportTraceServiceResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(TraceServiceGrpc.getExportMethod().getFullMethodName())
                    .setRequestMarshaller(RawBytes.INSTANCE)
                    .setResponseMarshaller(ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
                    .build();

    private final IngestPipeline pipeline;
    private final CollectorMetrics metrics;

    public OtlpGrpcTraceService(IngestPipeline pipeline, CollectorMetrics metrics) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The Armeria service for this receiver; gzip-compressed requests are accepted. */
    public GrpcService asGrpcService(int maxMessageBytes) {
        ServerServiceDefinition definition = ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
                .addMethod(EXPORT, ServerCalls.asyncUnaryCall(this::export))
                .build();
        return GrpcService.builder()
                .addService(definition)
                .maxRequestMessageLength(maxMessageBytes)
                .useBlockingTaskExecutor(false)
                .build();
    }

    void export(byte[] request, StreamObserver<ExportTraceServiceResponse> responses) {
        List<Span> spans;
        try {
            spans = OtlpProtobufDecoder.decode(request);
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
            metrics.rejected(IngestSource.OTLP_GRPC, ((QueueFullException) cause).reason());
            return Status.RESOURCE_EXHAUSTED.withDescription(cause.getMessage());
        }
        if (cause instanceof PipelineStoppedException) {
            metrics.rejected(IngestSource.OTLP_GRPC, "stopping");
            return Status.UNAVAILABLE.withDescription(cause.getMessage());
        }
        metrics.rejected(IngestSource.OTLP_GRPC, "storage_error");
        return Status.UNAVAILABLE.withDescription("storage write failed: " + cause.getMessage());
    }

    /** The request's bytes as they arrived (after gRPC's own decompression). */
    private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("reading the request failed: " + e.getMessage())
                        .withCause(e).asRuntimeException();
            }
        }
    }
}

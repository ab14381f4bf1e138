package io.sightline.query;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.DependencyLink;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.TraceQuery;
import io.sightline.query.proto.v3.DependenciesResponse;
import io.sightline.query.proto.v3.Dependency;
import io.sightline.query.proto.v3.FindTraceSummariesRequest;
import io.sightline.query.proto.v3.FindTraceSummariesResponse;
import io.sightline.query.proto.v3.FindTracesRequest;
import io.sightline.query.proto.v3.GetDependenciesRequest;
import io.sightline.query.proto.v3.GetOperationsRequest;
import io.sightline.query.proto.v3.GetOperationsResponse;
import io.sightline.query.proto.v3.GetServicesRequest;
import io.sightline.query.proto.v3.GetServicesResponse;
import io.sightline.query.proto.v3.GetTraceRequest;
import io.sightline.query.proto.v3.QueryServiceGrpc;
import io.sightline.query.proto.v3.ServiceSummary;
import io.sightline.query.proto.v3.TraceQueryParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code jaeger.api_v3.QueryService} on the gRPC query port: the api_v3 semantics of the HTTP
 * {@code /api/v3/*} endpoints (required time range, search depth 100 by default), traces as OTLP
 * {@code TracesData}, with the adjusters applied unless {@code raw_traces}.
 */
final class ApiV3GrpcService extends QueryServiceGrpc.QueryServiceImplBase {
    /**
     * Jaeger sends one {@code TracesData} per trace; a 100k-span trace would then pass the 4 MiB
     * most gRPC clients accept in one message, so a trace goes out in pieces of this many spans.
     * Clients merge {@code resource_spans} across messages either way.
     */
    static final int MAX_SPANS_PER_MESSAGE = 1_000;
    static final int SUMMARIES_PER_MESSAGE = 100;
    private static final int DEFAULT_SEARCH_DEPTH = 100;
    /** The experimental structured filter, which this server does not declare. */
    private static final int FILTER_FIELD_NUMBER = 10;

    private final TraceReads reads;
    private final int maxSearchDepth;

    ApiV3GrpcService(TraceReads reads, int maxSearchDepth) {
        this.reads = reads;
        this.maxSearchDepth = maxSearchDepth;
    }

    @Override
    public void getTrace(GetTraceRequest request, StreamObserver<TracesData> observer) {
        GrpcCalls.streaming(observer, "failed to fetch the trace", sink -> {
            if (request.getTraceId().isEmpty()) {
                throw GrpcCalls.invalidArgument("trace_id is required");
            }
            TraceId traceId;
            try {
                traceId = TraceIdParam.parse(request.getTraceId());
            } catch (ApiException e) {
                throw GrpcCalls.invalidArgument("malformed trace_id: " + e.getMessage());
            }
            GrpcCalls.epochMicros(request.hasStartTime(), request.getStartTime(), "start_time");
            GrpcCalls.epochMicros(request.hasEndTime(), request.getEndTime(), "end_time");
            Trace trace = reads.find(traceId).orElseThrow(
                    () -> Status.NOT_FOUND.withDescription("trace not found").asRuntimeException());
            send(reads.adjust(trace, request.getRawTraces()), sink);
        });
    }

    @Override
    public void findTraces(FindTracesRequest request, StreamObserver<TracesData> observer) {
        GrpcCalls.streaming(observer, "failed when searching for traces", sink -> {
            TraceQueryParameters query = query(request.hasQuery(), request.getQuery());
            for (TraceId id : reads.storage().traceReader().findTraceIds(toTraceQuery(query))) {
                Optional<Trace> trace = reads.storage().traceReader().getTrace(id);
                trace.ifPresent(t -> send(reads.adjust(t, query.getRawTraces()), sink));
            }
        });
    }

    @Override
    public void findTraceSummaries(FindTraceSummariesRequest request,
                                   StreamObserver<FindTraceSummariesResponse> observer) {
        GrpcCalls.streaming(observer, "failed when searching for traces", sink -> {
            TraceQueryParameters query = query(request.hasQuery(), request.getQuery());
            FindTraceSummariesResponse.Builder chunk = FindTraceSummariesResponse.newBuilder();
            for (TraceId id : reads.storage().traceReader().findTraceIds(toTraceQuery(query))) {
                Optional<Trace> trace = reads.storage().traceReader().getTrace(id);
                if (trace.isEmpty()) {
                    continue;
                }
                chunk.addSummaries(summary(TraceSummary.of(trace.get())));
                if (chunk.getSummariesCount() == SUMMARIES_PER_MESSAGE) {
                    sink.send(chunk.build());
                    chunk = FindTraceSummariesResponse.newBuilder();
                }
            }
            if (chunk.getSummariesCount() > 0) {
                sink.send(chunk.build());
            }
        });
    }

    @Override
    public void getServices(GetServicesRequest request, StreamObserver<GetServicesResponse> observer) {
        GrpcCalls.unary(observer, "failed to fetch services", () -> {
            List<String> services = new ArrayList<>(reads.storage().serviceCatalog().getServices());
            services.sort(null);
            return GetServicesResponse.newBuilder().addAllServices(services).build();
        });
    }

    @Override
    public void getOperations(GetOperationsRequest request, StreamObserver<GetOperationsResponse> observer) {
        GrpcCalls.unary(observer, "failed to fetch operations", () -> {
            if (request.getService().isEmpty()) {
                throw GrpcCalls.invalidArgument("service is required");
            }
            SpanKind kind = ApiV2GrpcService.spanKind(request.getSpanKind(), "span_kind");
            GetOperationsResponse.Builder out = GetOperationsResponse.newBuilder();
            for (Operation operation : reads.storage().serviceCatalog().getOperations(request.getService(), kind)) {
                out.addOperations(io.sightline.query.proto.v3.Operation.newBuilder()
                        .setName(operation.name()).setSpanKind(operation.spanKind().jaegerName()));
            }
            return out.build();
        });
    }

    @Override
    public void getDependencies(GetDependenciesRequest request, StreamObserver<DependenciesResponse> observer) {
        GrpcCalls.unary(observer, "failed to fetch dependencies", () -> {
            Long start = GrpcCalls.epochMicros(request.hasStartTime(), request.getStartTime(), "start_time");
            Long end = GrpcCalls.epochMicros(request.hasEndTime(), request.getEndTime(), "end_time");
            if (start == null || end == null) {
                throw GrpcCalls.invalidArgument("start_time and end_time are required");
            }
            if (end <= start) {
                throw GrpcCalls.invalidArgument("end_time: must be after start_time");
            }
            DependenciesResponse.Builder out = DependenciesResponse.newBuilder();
            for (DependencyLink link : reads.dependencies(end, end - start, "")) {
                out.addDependencies(Dependency.newBuilder()
                        .setParent(link.parent()).setChild(link.child()).setCallCount(link.callCount()));
            }
            return out.build();
        });
    }

    private static TraceQueryParameters query(boolean present, TraceQueryParameters query) {
        if (!present) {
            throw GrpcCalls.invalidArgument("missing query");
        }
        if (query.getUnknownFields().hasField(FILTER_FIELD_NUMBER)) {
            // Ignoring a predicate would answer with more traces than were asked for.
            throw GrpcCalls.invalidArgument("query.filter: structured filters are not supported; use service_name, "
                    + "operation_name, attributes and durations");
        }
        return query;
    }

    /** The api_v3 rules: time range and service required, min before max, search depth 100 by default. */
    private TraceQuery toTraceQuery(TraceQueryParameters query) {
        Long startMin = GrpcCalls.epochMicros(query.hasStartTimeMin(), query.getStartTimeMin(), "query.start_time_min");
        Long startMax = GrpcCalls.epochMicros(query.hasStartTimeMax(), query.getStartTimeMax(), "query.start_time_max");
        if (startMin == null || startMax == null) {
            throw GrpcCalls.invalidArgument("query.start_time_min and query.start_time_max are required");
        }
        if (startMin > startMax) {
            throw GrpcCalls.invalidArgument("query.start_time_max: must be after query.start_time_min");
        }
        if (query.getServiceName().isEmpty()) {
            throw GrpcCalls.invalidArgument("query.service_name is required");
        }
        Long durationMin = GrpcCalls.nanos(query.hasDurationMin(), query.getDurationMin(), "query.duration_min");
        Long durationMax = GrpcCalls.nanos(query.hasDurationMax(), query.getDurationMax(), "query.duration_max");
        long min = durationMin == null ? 0 : durationMin;
        long max = durationMax == null ? Long.MAX_VALUE : durationMax;
        if (max < min) {
            throw GrpcCalls.invalidArgument("query.duration_max: must not be less than query.duration_min");
        }
        int depth = query.getSearchDepth();
        if (depth < 0) {
            throw GrpcCalls.invalidArgument("query.search_depth: " + depth + " (expected: >= 0; 0 for the default "
                    + DEFAULT_SEARCH_DEPTH + ")");
        }
        return ApiV3Handlers.toTraceQuery(query.getServiceName(), query.getOperationName(),
                Map.copyOf(query.getAttributesMap()), startMin * 1_000, startMax * 1_000, min, max,
                depth == 0 ? DEFAULT_SEARCH_DEPTH : depth, maxSearchDepth);
    }

    private static void send(AdjustableTrace trace, GrpcCalls.Sink<TracesData> sink) {
        for (int from = 0; from < trace.size(); from += MAX_SPANS_PER_MESSAGE) {
            sink.send(OtlpProtoEncoder.encode(trace, from, Math.min(trace.size(), from + MAX_SPANS_PER_MESSAGE)));
        }
    }

    private static io.sightline.query.proto.v3.TraceSummary summary(TraceSummary summary) {
        var out = io.sightline.query.proto.v3.TraceSummary.newBuilder()
                .setTraceId(summary.traceId().toHex32())
                .setRootServiceName(summary.rootServiceName())
                .setRootOperationName(summary.rootOperationName())
                .setMinStartTimeUnixNano(summary.minStartEpochNanos())
                .setMaxEndTimeUnixNano(summary.maxEndEpochNanos())
                .setSpanCount(summary.spanCount())
                .setErrorSpanCount(summary.errorSpanCount())
                .setOrphanSpanCount(summary.orphanSpanCount());
        for (TraceSummary.ServiceSummary service : summary.services()) {
            out.addServices(ServiceSummary.newBuilder().setName(service.name())
                    .setSpanCount(service.spanCount()).setErrorSpanCount(service.errorSpanCount()));
        }
        return out.build();
    }
}

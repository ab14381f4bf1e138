package io.sightline.query;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.DependencyLink;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.TraceQuery;
import io.sightline.query.proto.v2.ArchiveTraceRequest;
import io.sightline.query.proto.v2.ArchiveTraceResponse;
import io.sightline.query.proto.v2.FindTracesRequest;
import io.sightline.query.proto.v2.GetDependenciesRequest;
import io.sightline.query.proto.v2.GetDependenciesResponse;
import io.sightline.query.proto.v2.GetOperationsRequest;
import io.sightline.query.proto.v2.GetOperationsResponse;
import io.sightline.query.proto.v2.GetServicesRequest;
import io.sightline.query.proto.v2.GetServicesResponse;
import io.sightline.query.proto.v2.GetTraceRequest;
import io.sightline.query.proto.v2.QueryServiceGrpc;
import io.sightline.query.proto.v2.SpansResponseChunk;
import io.sightline.query.proto.v2.TraceQueryParameters;
import com.google.protobuf.ByteString;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code jaeger.api_v2.QueryService} on the gRPC query port (Jaeger's 16685): the reads of the
 * v1 HTTP API, with the same limits, defaults and adjusters, spans as {@code jaeger.api_v2.Span}
 * streamed at most ten per chunk, each chunk within one trace.
 */
final class ApiV2GrpcService extends QueryServiceGrpc.QueryServiceImplBase {
    /** Jaeger's {@code maxSpanCountInChunk}. */
    static final int MAX_SPANS_PER_CHUNK = 10;
    private static final String SPAN_KINDS = "server, client, producer, consumer, internal";

    private final TraceReads reads;
    private final QueryOptions options;
    private final Clock clock;

    ApiV2GrpcService(TraceReads reads, QueryOptions options, Clock clock) {
        this.reads = reads;
        this.options = options;
        this.clock = clock;
    }

    @Override
    public void getTrace(GetTraceRequest request, StreamObserver<SpansResponseChunk> observer) {
        GrpcCalls.streaming(observer, "failed to fetch spans from the backend", sink -> {
            TraceId traceId = traceId(request.getTraceId());
            // The time hints are checked, not used: a lookup by ID needs no window (see the HTTP API).
            GrpcCalls.epochMicros(request.hasStartTime(), request.getStartTime(), "start_time");
            GrpcCalls.epochMicros(request.hasEndTime(), request.getEndTime(), "end_time");
            Trace trace = reads.find(traceId).orElseThrow(() -> Status.NOT_FOUND
                    .withDescription("trace not found: " + traceId.toHex()).asRuntimeException());
            sendChunks(reads.adjust(trace, request.getRawTraces()), !request.getRawTraces(), sink);
        });
    }

    @Override
    public void archiveTrace(ArchiveTraceRequest request, StreamObserver<ArchiveTraceResponse> observer) {
        GrpcCalls.unary(observer, "failed to archive trace", () -> {
            TraceId traceId = traceId(request.getTraceId());
            try {
                reads.archive(traceId);
            } catch (ApiException e) {
                if (e.status().code() == 404) {
                    throw Status.NOT_FOUND.withDescription("trace not found: " + traceId.toHex()).asRuntimeException();
                }
                throw Status.INTERNAL.withDescription("failed to archive trace: " + e.getMessage()).asRuntimeException();
            }
            return ArchiveTraceResponse.getDefaultInstance();
        });
    }

    @Override
    public void findTraces(FindTracesRequest request, StreamObserver<SpansResponseChunk> observer) {
        GrpcCalls.streaming(observer, "failed when searching for traces", sink -> {
            if (!request.hasQuery()) {
                throw GrpcCalls.invalidArgument("missing query");
            }
            TraceQueryParameters query = request.getQuery();
            TraceQuery storageQuery = toTraceQuery(query);
            if (storageQuery == null) {
                return;
            }
            for (TraceId id : reads.storage().traceReader().findTraceIds(storageQuery)) {
                Optional<Trace> trace = reads.storage().traceReader().getTrace(id);
                // A hit that expired since the search is left out, as Jaeger does.
                trace.ifPresent(t -> sendChunks(reads.adjust(t, query.getRawTraces()), !query.getRawTraces(), sink));
            }
        });
    }

    /** The storage query, or null when nothing can match; the same defaults and caps as {@code GET /api/traces}. */
    private TraceQuery toTraceQuery(TraceQueryParameters query) {
        if (query.getServiceName().isEmpty()) {
            throw GrpcCalls.invalidArgument("query.service_name is required");
        }
        Long startMin = GrpcCalls.epochMicros(query.hasStartTimeMin(), query.getStartTimeMin(), "query.start_time_min");
        Long startMax = GrpcCalls.epochMicros(query.hasStartTimeMax(), query.getStartTimeMax(), "query.start_time_max");
        long end = startMax != null ? startMax : nowEpochMicros();
        long start = startMin != null ? startMin : end - SearchParams.DEFAULT_LOOKBACK_MICROS;
        if (start > end) {
            throw GrpcCalls.invalidArgument("query.start_time_max: must not be before query.start_time_min");
        }
        Long durationMin = GrpcCalls.nanos(query.hasDurationMin(), query.getDurationMin(), "query.duration_min");
        Long durationMax = GrpcCalls.nanos(query.hasDurationMax(), query.getDurationMax(), "query.duration_max");
        if (durationMin != null && durationMax != null && durationMax < durationMin) {
            throw GrpcCalls.invalidArgument("query.duration_max: must not be less than query.duration_min");
        }
        int depth = query.getSearchDepth();
        if (depth < 0) {
            throw GrpcCalls.invalidArgument("query.search_depth: " + depth + " (expected: >= 0; 0 for the default "
                    + SearchParams.DEFAULT_LIMIT + ")");
        }
        SearchParams params = new SearchParams(query.getServiceName(), query.getOperationName(), start, end,
                depth == 0 ? SearchParams.DEFAULT_LIMIT : depth,
                durationMin == null ? 0 : durationMin, durationMax == null ? 0 : durationMax,
                Map.copyOf(query.getTagsMap()), List.of(), query.getRawTraces());
        return JaegerApiHandlers.toTraceQuery(params, options.maxLimit());
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
            SpanKind kind = spanKind(request.getSpanKind(), "span_kind");
            List<Operation> operations = reads.storage().serviceCatalog().getOperations(request.getService(), kind);
            GetOperationsResponse.Builder out = GetOperationsResponse.newBuilder();
            Set<String> names = new LinkedHashSet<>();
            for (Operation operation : operations) {
                names.add(operation.name());
                out.addOperations(io.sightline.query.proto.v2.Operation.newBuilder()
                        .setName(operation.name()).setSpanKind(operation.spanKind().jaegerName()));
            }
            return out.addAllOperationNames(names).build();
        });
    }

    /**
     * {@code end_time} is the end of the window and {@code end_time − start_time} its length, as
     * Jaeger does since v1.51 (v1.50 took {@code start_time} as the end).
     */
    @Override
    public void getDependencies(GetDependenciesRequest request, StreamObserver<GetDependenciesResponse> observer) {
        GrpcCalls.unary(observer, "failed to fetch dependencies", () -> {
            Long start = GrpcCalls.epochMicros(request.hasStartTime(), request.getStartTime(), "start_time");
            Long end = GrpcCalls.epochMicros(request.hasEndTime(), request.getEndTime(), "end_time");
            if (start == null || end == null) {
                throw GrpcCalls.invalidArgument("start_time and end_time are required");
            }
            if (end <= start) {
                throw GrpcCalls.invalidArgument("end_time: must be after start_time");
            }
            GetDependenciesResponse.Builder out = GetDependenciesResponse.newBuilder();
            for (DependencyLink link : reads.dependencies(end, end - start, "")) {
                out.addDependencies(Model.DependencyLink.newBuilder()
                        .setParent(link.parent()).setChild(link.child()).setCallCount(link.callCount()));
            }
            return out.build();
        });
    }

    private static void sendChunks(AdjustableTrace trace, boolean adjusted, GrpcCalls.Sink<SpansResponseChunk> sink) {
        JaegerProtoWriter writer = new JaegerProtoWriter(trace, adjusted);
        for (int from = 0; from < writer.size(); from += MAX_SPANS_PER_CHUNK) {
            SpansResponseChunk.Builder chunk = SpansResponseChunk.newBuilder();
            for (int i = from; i < Math.min(writer.size(), from + MAX_SPANS_PER_CHUNK); i++) {
                chunk.addSpans(writer.span(i));
            }
            sink.send(chunk.build());
        }
    }

    /** 16 bytes, high half first; Jaeger refuses an empty or all-zero ID. */
    private static TraceId traceId(ByteString bytes) {
        if (bytes.isEmpty()) {
            throw GrpcCalls.invalidArgument("trace_id is required");
        }
        if (bytes.size() != 16) {
            throw GrpcCalls.invalidArgument("trace_id: " + bytes.size() + " bytes (expected: 16, high half first)");
        }
        TraceId traceId = TraceId.fromBytes(bytes.toByteArray());
        if (traceId.isZero()) {
            throw GrpcCalls.invalidArgument("trace_id: uninitialized TraceID is not allowed");
        }
        return traceId;
    }

    /** Null (every kind) when empty; else a Jaeger kind name, case-insensitive. */
    static SpanKind spanKind(String value, String field) {
        if (value.isEmpty()) {
            return null;
        }
        for (SpanKind kind : SpanKind.values()) {
            if (kind != SpanKind.UNSPECIFIED && kind.jaegerName().equals(value.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw GrpcCalls.invalidArgument(field + ": unsupported span kind '" + value + "' (expected: " + SPAN_KINDS + ")");
    }

    private long nowEpochMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}

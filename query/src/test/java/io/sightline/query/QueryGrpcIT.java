package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.memory.InMemoryStorage;
import io.sightline.query.proto.v2.ArchiveTraceRequest;
import io.sightline.query.proto.v2.FindTracesRequest;
import io.sightline.query.proto.v2.GetDependenciesRequest;
import io.sightline.query.proto.v2.GetOperationsRequest;
import io.sightline.query.proto.v2.GetServicesRequest;
import io.sightline.query.proto.v2.GetTraceRequest;
import io.sightline.query.proto.v2.QueryServiceGrpc;
import io.sightline.query.proto.v2.SpansResponseChunk;
import io.sightline.query.proto.v2.TraceQueryParameters;
import io.sightline.query.proto.v3.FindTraceSummariesRequest;
import io.sightline.query.proto.v3.FindTraceSummariesResponse;
import io.sightline.query.proto.v3.TraceSummary;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gRPC query services against a real Armeria server, called through generated grpc-java
 * stubs: chunking, search, errors, adjusters and the mapping shared with the JSON API.
 */
class QueryGrpcIT {
    private static final long BASE_NANOS = 1_700_000_000_000_000_000L;
    private static final TraceId BIG = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
    private static final TraceId SMALL = TraceId.of(0, 0x5a11);
    private static final TraceId ORPHANED = TraceId.of(0, 0x0f0f);
    private static final TraceId ARCHIVED_ONLY = TraceId.of(0, 0xa4c);
    private static final Resource FRONTEND = new Resource("frontend",
            List.of(Attribute.of("ip", 0x0a000001L), Attribute.of("host.name", "fe-1")));
    private static final Resource MYSQL = new Resource("mysql", List.of());
    private static final InstrumentationScope SCOPE = new InstrumentationScope("io.example.http", "1.2.0");

    private static InMemoryStorage archive;
    private static Server server;
    private static Server noArchiveServer;
    private static QueryServiceGrpc.QueryServiceBlockingStub v2;
    private static QueryServiceGrpc.QueryServiceBlockingStub v2NoArchive;
    private static io.sightline.query.proto.v3.QueryServiceGrpc.QueryServiceBlockingStub v3;

    @BeforeAll
    static void start() {
        InMemoryStorage storage = new InMemoryStorage(10_000);
        List<Span> big = new ArrayList<>();
        big.add(span(BIG, 1, 0, "GET /dispatch", SpanKind.SERVER, FRONTEND, 0)
                .status(StatusCode.ERROR, "boom").traceState("k=v")
                .addEvent(new SpanEvent(BASE_NANOS + 500, "retry", List.of(Attribute.of("z", 1L), Attribute.of("a", "x"))))
                .build());
        for (int i = 2; i <= 25; i++) {
            big.add(span(BIG, i, 1, "SELECT " + i, SpanKind.CLIENT, i % 2 == 0 ? MYSQL : FRONTEND, i).build());
        }
        storage.write(big);
        storage.write(List.of(
                span(SMALL, 0x51, 0, "GET /dispatch", SpanKind.SERVER, FRONTEND, 100)
                        .addLink(new SpanLink(BIG, 1, "", List.of())).build(),
                span(SMALL, 0x52, 0x51, "query", SpanKind.CLIENT, MYSQL, 101).build()));
        storage.write(List.of(span(ORPHANED, 0x77, 0x66, "GET /dispatch", SpanKind.SERVER, FRONTEND, 200).build()));
        archive = new InMemoryStorage(1_000);
        archive.write(List.of(span(ARCHIVED_ONLY, 0xaa, 0, "archived", SpanKind.SERVER, MYSQL, 0).build()));

        Clock clock = Clock.fixed(Instant.ofEpochSecond(0, BASE_NANOS).plusSeconds(3600), ZoneOffset.UTC);
        QueryService query = new QueryService(storage, new QueryOptions(2, 1_000_000, 0), clock, archive);
        server = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0)
                .service(GrpcService.builder().addServices(query.grpcServices()).useBlockingTaskExecutor(true).build())
                .build();
        server.start().join();
        noArchiveServer = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0)
                .service(GrpcService.builder().addServices(new QueryService(storage).grpcServices())
                        .useBlockingTaskExecutor(true).build())
                .build();
        noArchiveServer.start().join();
        String uri = "http://127.0.0.1:" + server.activeLocalPort();
        v2 = GrpcClients.newClient(uri, QueryServiceGrpc.QueryServiceBlockingStub.class);
        v3 = GrpcClients.newClient(uri, io.sightline.query.proto.v3.QueryServiceGrpc.QueryServiceBlockingStub.class);
        v2NoArchive = GrpcClients.newClient("http://127.0.0.1:" + noArchiveServer.activeLocalPort(),
                QueryServiceGrpc.QueryServiceBlockingStub.class);
    }

    @AfterAll
    static void stop() {
        server.stop().join();
        noArchiveServer.stop().join();
    }

    private static Span.Builder span(TraceId traceId, long spanId, long parentSpanId, String name, SpanKind kind,
                                     Resource resource, int offsetMicros) {
        return Span.builder().traceId(traceId).spanId(spanId).parentSpanId(parentSpanId).name(name).kind(kind)
                .startEpochNanos(BASE_NANOS + offsetMicros * 1_000L).durationNanos(1_000_000)
                .resource(resource).scope(SCOPE);
    }

    private static ByteString bytes(TraceId id) {
        return ByteString.copyFrom(id.toBytes());
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

    private static void assertStatus(Runnable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(messagePart);
        });
    }

    private static Map<String, Model.KeyValue> tags(List<Model.KeyValue> tags) {
        return tags.stream().collect(Collectors.toMap(Model.KeyValue::getKey, t -> t, (a, b) -> a));
    }

    @Test
    void v2GetTrace_25Spans_comeInChunksOf10_10_5() {
        List<SpansResponseChunk> chunks = drain(v2.getTrace(GetTraceRequest.newBuilder().setTraceId(bytes(BIG)).build()));

        assertThat(chunks).extracting(SpansResponseChunk::getSpansCount).containsExactly(10, 10, 5);
        assertThat(chunks.stream().flatMap(c -> c.getSpansList().stream()).map(Model.Span::getOperationName).distinct())
                .hasSize(25);
    }

    @Test
    void v2GetTrace_mapsTheSpanAsTheJsonApiDoes() {
        Model.Span root = drain(v2.getTrace(GetTraceRequest.newBuilder().setTraceId(bytes(BIG)).build()))
                .get(0).getSpans(0);

        assertThat(root.getTraceId()).isEqualTo(bytes(BIG));
        assertThat(root.getSpanId().toByteArray()).containsExactly(0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(root.getStartTime()).isEqualTo(at(BASE_NANOS));
        assertThat(root.getDuration()).isEqualTo(Duration.newBuilder().setNanos(1_000_000).build());
        Map<String, Model.KeyValue> tags = tags(root.getTagsList());
        assertThat(tags.get("span.kind").getVStr()).isEqualTo("server");
        assertThat(tags.get("otel.status_code").getVStr()).isEqualTo("ERROR");
        assertThat(tags.get("error").getVType()).isEqualTo(Model.ValueType.BOOL);
        assertThat(tags.get("error").getVBool()).isTrue();
        assertThat(tags.get("otel.status_description").getVStr()).isEqualTo("boom");
        assertThat(tags.get("w3c.tracestate").getVStr()).isEqualTo("k=v");
        // Adjusted: the scope is on the process, sorted with the resource tags, the ip a dotted quad.
        assertThat(tags).doesNotContainKey("otel.scope.name");
        assertThat(root.getProcess().getServiceName()).isEqualTo("frontend");
        assertThat(root.getProcess().getTagsList()).extracting(Model.KeyValue::getKey)
                .containsExactly("host.name", "ip", "otel.scope.name", "otel.scope.version");
        assertThat(tags(root.getProcess().getTagsList()).get("ip").getVStr()).isEqualTo("10.0.0.1");
        // Log fields: the event name first, then the rest sorted by key.
        assertThat(root.getLogs(0).getFieldsList()).extracting(Model.KeyValue::getKey).containsExactly("event", "a", "z");
        assertThat(root.getLogs(0).getTimestamp()).isEqualTo(at(BASE_NANOS + 500));
        assertThat(root.getWarningsList()).isEmpty();

        Model.Span child = drain(v2.getTrace(GetTraceRequest.newBuilder().setTraceId(bytes(BIG)).build()))
                .get(0).getSpans(1);
        assertThat(child.getReferencesList()).hasSize(1);
        assertThat(child.getReferences(0).getRefType()).isEqualTo(Model.SpanRefType.CHILD_OF);
        assertThat(child.getReferences(0).getSpanId().toByteArray()).containsExactly(0, 0, 0, 0, 0, 0, 0, 1);
    }

    @Test
    void v2GetTrace_parentReferenceComesBeforeLinks() {
        Model.Span withLink = drain(v2.getTrace(GetTraceRequest.newBuilder().setTraceId(bytes(SMALL)).build()))
                .get(0).getSpans(0);
        Model.Span child = drain(v2.getTrace(GetTraceRequest.newBuilder().setTraceId(bytes(SMALL)).build()))
                .get(0).getSpans(1);

        assertThat(withLink.getReferencesList()).singleElement()
                .satisfies(ref -> assertThat(ref.getTraceId()).isEqualTo(bytes(BIG)));
        assertThat(child.getReferences(0).getTraceId()).isEqualTo(bytes(SMALL));
    }

    @Test
    void v2GetTrace_raw_keepsTheScopeOnTheSpanAndSkipsTheAdjusters() {
        Model.Span adjusted = drain(v2.getTrace(GetTraceRequest.newBuilder().setTraceId(bytes(ORPHANED)).build()))
                .get(0).getSpans(0);
        Model.Span raw = drain(v2.getTrace(GetTraceRequest.newBuilder().setTraceId(bytes(ORPHANED))
                .setRawTraces(true).build())).get(0).getSpans(0);

        assertThat(adjusted.getWarningsList()).singleElement().asString().contains("is not in the trace");
        assertThat(raw.getWarningsList()).isEmpty();
        assertThat(tags(raw.getTagsList()).get("otel.scope.name").getVStr()).isEqualTo("io.example.http");
        assertThat(raw.getProcess().getTagsList()).extracting(Model.KeyValue::getKey).containsExactly("ip", "host.name");
        assertThat(raw.getProcess().getTags(0).getVType()).isEqualTo(Model.ValueType.INT64);
    }

    @Test
    void v2GetTrace_unknownId_isNotFoundNamingIt() {
        assertStatus(() -> drain(v2.getTrace(GetTraceRequest.newBuilder().setTraceId(bytes(TraceId.of(0, 0xdead))).build())),
                Status.Code.NOT_FOUND, "trace not found: 000000000000dead");
    }

    @Test
    void v2GetTrace_badId_isInvalidArgumentNamingTheField() {
        assertStatus(() -> drain(v2.getTrace(GetTraceRequest.getDefaultInstance())),
                Status.Code.INVALID_ARGUMENT, "trace_id is required");
        assertStatus(() -> drain(v2.getTrace(GetTraceRequest.newBuilder().setTraceId(ByteString.copyFrom(new byte[5])).build())),
                Status.Code.INVALID_ARGUMENT, "trace_id: 5 bytes (expected: 16");
        assertStatus(() -> drain(v2.getTrace(GetTraceRequest.newBuilder().setTraceId(ByteString.copyFrom(new byte[16])).build())),
                Status.Code.INVALID_ARGUMENT, "uninitialized TraceID");
    }

    @Test
    void v2GetTrace_fallsBackToTheArchive() {
        List<SpansResponseChunk> chunks = drain(v2.getTrace(GetTraceRequest.newBuilder()
                .setTraceId(bytes(ARCHIVED_ONLY)).build()));

        assertThat(chunks).singleElement().satisfies(c -> assertThat(c.getSpans(0).getOperationName()).isEqualTo("archived"));
    }

    @Test
    void v2ArchiveTrace_copiesTheTrace_andWithoutAnArchiveIsInternal() {
        v2.archiveTrace(ArchiveTraceRequest.newBuilder().setTraceId(bytes(SMALL)).build());
        assertThat(archive.traceReader().getTrace(SMALL)).hasValueSatisfying(t -> assertThat(t.spans()).hasSize(2));

        assertStatus(() -> v2.archiveTrace(ArchiveTraceRequest.newBuilder().setTraceId(bytes(TraceId.of(0, 0xdead))).build()),
                Status.Code.NOT_FOUND, "trace not found");
        assertStatus(() -> v2NoArchive.archiveTrace(ArchiveTraceRequest.newBuilder().setTraceId(bytes(SMALL)).build()),
                Status.Code.INTERNAL, "archive span storage was not configured");
    }

    @Test
    void v2FindTraces_sendsEachTracesSpansInConsecutiveChunks_withinSearchDepth() {
        TraceQueryParameters query = TraceQueryParameters.newBuilder().setServiceName("frontend")
                .setStartTimeMin(at(BASE_NANOS - 1_000_000_000L)).setStartTimeMax(at(BASE_NANOS + 1_000_000_000L))
                .setSearchDepth(10).build();
        List<SpansResponseChunk> chunks = drain(v2.findTraces(FindTracesRequest.newBuilder().setQuery(query).build()));

        // QueryOptions caps the search at 2 traces (as QUERY_MAX_LIMIT does over HTTP).
        List<ByteString> traceOfChunk = new ArrayList<>();
        for (SpansResponseChunk chunk : chunks) {
            assertThat(chunk.getSpansCount()).isBetween(1, 10);
            assertThat(chunk.getSpansList()).extracting(Model.Span::getTraceId).containsOnly(chunk.getSpans(0).getTraceId());
            ByteString id = chunk.getSpans(0).getTraceId();
            if (traceOfChunk.isEmpty() || !traceOfChunk.get(traceOfChunk.size() - 1).equals(id)) {
                assertThat(traceOfChunk).as("a trace's chunks are consecutive").doesNotContain(id);
                traceOfChunk.add(id);
            }
        }
        assertThat(traceOfChunk).hasSize(2);
    }

    @Test
    void v2FindTraces_filtersByOperationTagsAndDuration() {
        TraceQueryParameters.Builder query = TraceQueryParameters.newBuilder().setServiceName("mysql")
                .setStartTimeMin(at(BASE_NANOS - 1_000_000_000L)).setStartTimeMax(at(BASE_NANOS + 1_000_000_000L));
        List<SpansResponseChunk> byOperation = drain(v2.findTraces(FindTracesRequest.newBuilder()
                .setQuery(query.clone().setOperationName("query")).build()));
        List<SpansResponseChunk> tooLong = drain(v2.findTraces(FindTracesRequest.newBuilder()
                .setQuery(query.clone().setDurationMin(Duration.newBuilder().setSeconds(5))).build()));
        List<SpansResponseChunk> byTag = drain(v2.findTraces(FindTracesRequest.newBuilder()
                .setQuery(query.clone().putTags("span.kind", "client").setServiceName("frontend")
                        .setOperationName("SELECT 3")).build()));

        assertThat(byOperation).singleElement().satisfies(c -> assertThat(c.getSpans(0).getTraceId()).isEqualTo(bytes(SMALL)));
        assertThat(tooLong).isEmpty();
        assertThat(byTag).extracting(c -> c.getSpans(0).getTraceId()).containsOnly(bytes(BIG));
    }

    @Test
    void v2FindTraces_badQueries_areInvalidArgumentNamingTheField() {
        assertStatus(() -> drain(v2.findTraces(FindTracesRequest.getDefaultInstance())),
                Status.Code.INVALID_ARGUMENT, "missing query");
        assertStatus(() -> drain(v2.findTraces(FindTracesRequest.newBuilder()
                        .setQuery(TraceQueryParameters.getDefaultInstance()).build())),
                Status.Code.INVALID_ARGUMENT, "query.service_name is required");
        assertStatus(() -> drain(v2.findTraces(FindTracesRequest.newBuilder().setQuery(TraceQueryParameters.newBuilder()
                        .setServiceName("frontend").setSearchDepth(-1)).build())),
                Status.Code.INVALID_ARGUMENT, "query.search_depth: -1");
        assertStatus(() -> drain(v2.findTraces(FindTracesRequest.newBuilder().setQuery(TraceQueryParameters.newBuilder()
                        .setServiceName("frontend").setDurationMin(Duration.newBuilder().setSeconds(2))
                        .setDurationMax(Duration.newBuilder().setSeconds(1))).build())),
                Status.Code.INVALID_ARGUMENT, "query.duration_max");
        assertStatus(() -> drain(v2.findTraces(FindTracesRequest.newBuilder().setQuery(TraceQueryParameters.newBuilder()
                        .setServiceName("frontend").setStartTimeMin(at(BASE_NANOS)).setStartTimeMax(at(BASE_NANOS - 1000)))
                        .build())),
                Status.Code.INVALID_ARGUMENT, "query.start_time_max");
    }

    @Test
    void v2GetServicesAndOperations() {
        assertThat(v2.getServices(GetServicesRequest.getDefaultInstance()).getServicesList())
                .containsExactly("frontend", "mysql");
        var operations = v2.getOperations(GetOperationsRequest.newBuilder().setService("mysql").build());
        assertThat(operations.getOperationNamesList()).contains("query", "SELECT 2").doesNotHaveDuplicates();
        assertThat(operations.getOperationsList()).allSatisfy(op -> assertThat(op.getSpanKind()).isEqualTo("client"));
        var servers = v2.getOperations(GetOperationsRequest.newBuilder().setService("frontend").setSpanKind("server").build());
        assertThat(servers.getOperationsList()).extracting(io.sightline.query.proto.v2.Operation::getName)
                .containsExactly("GET /dispatch");

        assertStatus(() -> v2.getOperations(GetOperationsRequest.newBuilder().setService("mysql").setSpanKind("sever").build()),
                Status.Code.INVALID_ARGUMENT, "span_kind: unsupported span kind 'sever'");
    }

    @Test
    void v2GetDependencies_usesEndTimeAsTheEnd() {
        var inWindow = v2.getDependencies(GetDependenciesRequest.newBuilder()
                .setStartTime(at(BASE_NANOS - 1_000_000_000L)).setEndTime(at(BASE_NANOS + 1_000_000_000L)).build());
        var before = v2.getDependencies(GetDependenciesRequest.newBuilder()
                .setStartTime(at(BASE_NANOS - 2_000_000_000L)).setEndTime(at(BASE_NANOS - 1_000_000_000L)).build());

        assertThat(inWindow.getDependenciesList()).anySatisfy(link -> {
            assertThat(link.getParent()).isEqualTo("frontend");
            assertThat(link.getChild()).isEqualTo("mysql");
            assertThat(link.getCallCount()).isEqualTo(13);
        });
        assertThat(before.getDependenciesList()).isEmpty();
        assertStatus(() -> v2.getDependencies(GetDependenciesRequest.newBuilder().setEndTime(at(BASE_NANOS)).build()),
                Status.Code.INVALID_ARGUMENT, "start_time and end_time are required");
    }

    @Test
    void v3GetTrace_answersOtlpTracesData_groupedByResourceAndScope() {
        List<TracesData> messages = drain(v3.getTrace(io.sightline.query.proto.v3.GetTraceRequest.newBuilder()
                .setTraceId(SMALL.toHex()).build()));

        assertThat(messages).hasSize(1);
        TracesData data = messages.get(0);
        assertThat(data.getResourceSpansList()).hasSize(2);
        var frontend = data.getResourceSpans(0);
        assertThat(frontend.getResource().getAttributes(0)).isEqualTo(KeyValue.newBuilder().setKey("service.name")
                .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("frontend")).build());
        assertThat(frontend.getScopeSpans(0).getScope().getName()).isEqualTo("io.example.http");
        var root = frontend.getScopeSpans(0).getSpans(0);
        assertThat(root.getTraceId().toByteArray()).hasSize(16);
        assertThat(root.getKindValue()).isEqualTo(2);
        assertThat(root.getEndTimeUnixNano() - root.getStartTimeUnixNano()).isEqualTo(1_000_000);
        assertThat(root.getLinksList()).singleElement().satisfies(l -> assertThat(l.getTraceId()).isEqualTo(bytes(BIG)));
        var child = data.getResourceSpans(1).getScopeSpans(0).getSpans(0);
        assertThat(child.getParentSpanId()).isEqualTo(root.getSpanId());
    }

    @Test
    void v3GetTrace_adjustersWarnUnlessRaw_andErrorsNameTheField() {
        var adjusted = drain(v3.getTrace(io.sightline.query.proto.v3.GetTraceRequest.newBuilder()
                .setTraceId(ORPHANED.toHex32()).build())).get(0).getResourceSpans(0).getScopeSpans(0).getSpans(0);
        var raw = drain(v3.getTrace(io.sightline.query.proto.v3.GetTraceRequest.newBuilder()
                .setTraceId(ORPHANED.toHex32()).setRawTraces(true).build()))
                .get(0).getResourceSpans(0).getScopeSpans(0).getSpans(0);

        assertThat(adjusted.getAttributesList()).anySatisfy(a -> {
            assertThat(a.getKey()).isEqualTo("@jaeger@warnings");
            assertThat(a.getValue().getArrayValue().getValues(0).getStringValue()).contains("is not in the trace");
        });
        assertThat(raw.getAttributesList()).noneMatch(a -> a.getKey().equals("@jaeger@warnings"));

        assertStatus(() -> drain(v3.getTrace(io.sightline.query.proto.v3.GetTraceRequest.newBuilder()
                .setTraceId("xyz").build())), Status.Code.INVALID_ARGUMENT, "malformed trace_id");
        assertStatus(() -> drain(v3.getTrace(io.sightline.query.proto.v3.GetTraceRequest.newBuilder()
                .setTraceId("dead").build())), Status.Code.NOT_FOUND, "trace not found");
    }

    @Test
    void v3FindTraces_oneMessagePerTrace_andTheTimeRangeIsRequired() {
        io.sightline.query.proto.v3.TraceQueryParameters.Builder query = io.sightline.query.proto.v3.TraceQueryParameters
                .newBuilder().setServiceName("mysql")
                .setStartTimeMin(at(BASE_NANOS - 1_000_000_000L)).setStartTimeMax(at(BASE_NANOS + 1_000_000_000L));
        List<TracesData> found = drain(v3.findTraces(io.sightline.query.proto.v3.FindTracesRequest.newBuilder()
                .setQuery(query).build()));

        assertThat(found).hasSize(2);
        assertThat(found).extracting(d -> d.getResourceSpansList().stream()
                .flatMap(r -> r.getScopeSpansList().stream()).mapToInt(s -> s.getSpansCount()).sum())
                .containsExactlyInAnyOrder(25, 2);

        assertStatus(() -> drain(v3.findTraces(io.sightline.query.proto.v3.FindTracesRequest.newBuilder()
                        .setQuery(query.clone().clearStartTimeMin()).build())),
                Status.Code.INVALID_ARGUMENT, "query.start_time_min and query.start_time_max are required");
        assertStatus(() -> drain(v3.findTraces(io.sightline.query.proto.v3.FindTracesRequest.getDefaultInstance())),
                Status.Code.INVALID_ARGUMENT, "missing query");
    }

    @Test
    void v3FindTraces_structuredFilter_isRefusedNotIgnored() {
        io.sightline.query.proto.v3.TraceQueryParameters withFilter = io.sightline.query.proto.v3.TraceQueryParameters
                .newBuilder().setServiceName("mysql")
                .setStartTimeMin(at(BASE_NANOS - 1_000_000_000L)).setStartTimeMax(at(BASE_NANOS + 1_000_000_000L))
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(10, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8("\n\u0002eq")).build()).build())
                .build();

        assertStatus(() -> drain(v3.findTraces(io.sightline.query.proto.v3.FindTracesRequest.newBuilder()
                .setQuery(withFilter).build())), Status.Code.INVALID_ARGUMENT, "query.filter");
    }

    @Test
    void v3FindTraceSummaries_countsSpansErrorsAndOrphans() {
        io.sightline.query.proto.v3.TraceQueryParameters query = io.sightline.query.proto.v3.TraceQueryParameters
                .newBuilder().setServiceName("mysql").setSearchDepth(10)
                .setStartTimeMin(at(BASE_NANOS - 1_000_000_000L)).setStartTimeMax(at(BASE_NANOS + 1_000_000_000L))
                .build();
        List<TraceSummary> summaries = drain(v3.findTraceSummaries(FindTraceSummariesRequest.newBuilder()
                .setQuery(query).build())).stream().flatMap(r -> r.getSummariesList().stream()).toList();

        assertThat(summaries).hasSize(2);
        TraceSummary big = summaries.stream().filter(s -> s.getTraceId().equals(BIG.toHex32())).findFirst().orElseThrow();
        assertThat(big.getSpanCount()).isEqualTo(25);
        assertThat(big.getErrorSpanCount()).isEqualTo(1);
        assertThat(big.getRootServiceName()).isEqualTo("frontend");
        assertThat(big.getServicesList()).extracting(s -> s.getName()).containsExactly("frontend", "mysql");
    }

    @Test
    void v3ServicesOperationsDependencies() {
        assertThat(v3.getServices(io.sightline.query.proto.v3.GetServicesRequest.getDefaultInstance()).getServicesList())
                .containsExactly("frontend", "mysql");
        assertThat(v3.getOperations(io.sightline.query.proto.v3.GetOperationsRequest.newBuilder()
                .setService("frontend").setSpanKind("SERVER").build()).getOperationsList())
                .extracting(io.sightline.query.proto.v3.Operation::getName).containsExactly("GET /dispatch");
        assertThat(v3.getDependencies(io.sightline.query.proto.v3.GetDependenciesRequest.newBuilder()
                .setStartTime(at(BASE_NANOS - 1_000_000_000L)).setEndTime(at(BASE_NANOS + 1_000_000_000L)).build())
                .getDependenciesList()).anySatisfy(d -> assertThat(d.getChild()).isEqualTo("mysql"));
    }
}

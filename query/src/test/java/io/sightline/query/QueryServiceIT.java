package io.sightline.query;

import static io.sightline.query.Json.compact;
import static io.sightline.query.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.HealthStatus;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.DependencyReader;
import io.sightline.core.storage.ServiceCatalog;
import io.sightline.core.storage.TraceQuery;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.StorageException;
import io.sightline.core.storage.TraceReader;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueryServiceIT {
    private static final TraceId TRACE_128 = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
    private static final TraceId TRACE_64 = TraceId.of(0, 0x1abc);
    private static final TraceId BIG_TRACE = TraceId.of(0, 0xb16);
    private static final Resource FRONTEND = new Resource("frontend", List.of());
    private static final Resource MYSQL = new Resource("mysql", List.of());
    private static final Resource ODD = new Resource("web/api %41", List.of());
    private static final Resource DRIVER = new Resource("driver", List.of(Attribute.of("host", "d1")));

    private static final ProbeStorage PROBE = new ProbeStorage(false);

    /**
     * One server for the whole class (stopping one costs seconds), each storage under its own
     * base path: the main fixture at the root, the others beside it.
     */
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        InMemoryStorage storage = new InMemoryStorage(10_000);
        storage.write(List.of(
                span(TRACE_128, 1, 0, "GET /dispatch", SpanKind.SERVER, FRONTEND),
                span(TRACE_128, 2, 1, "SELECT", SpanKind.CLIENT, MYSQL),
                span(TRACE_128, 3, 1, "HTTP GET", SpanKind.CLIENT, FRONTEND),
                span(TRACE_128, 4, 1, "GET /dispatch", SpanKind.CLIENT, FRONTEND),
                span(TRACE_128, 5, 1, "internal-op", SpanKind.UNSPECIFIED, FRONTEND),
                span(TRACE_128, 6, 1, "a", SpanKind.SERVER, ODD),
                span(TRACE_64, 0xf, 0, "find", SpanKind.SERVER, DRIVER)));
        List<Span> big = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            big.add(span(BIG_TRACE, i, i - 1, "step " + i, SpanKind.INTERNAL, DRIVER));
        }
        storage.write(big);
        InMemoryStorage jaegerStorage = new InMemoryStorage(100);
        jaegerStorage.write(List.of(span(TRACE_64, 0xf, 0, "find", SpanKind.SERVER, DRIVER)));

        server = TestServer.start(sb -> {
            new QueryService(storage).bindTo(sb, "/");
            new QueryService(jaegerStorage).bindTo(sb, "/jaeger");
            new QueryService(new InMemoryStorage(10)).bindTo(sb, "/empty");
            new QueryService(new ProbeStorage(true)).bindTo(sb, "/failing");
            new QueryService(PROBE).bindTo(sb, "/probe");
            // Routes that other modules bind on the same server, after the query API.
            sb.service("/jaeger/api/v3/services", (ctx, req) -> HttpResponse.of("v3"))
                    .serviceUnder("/jaeger/api/metrics/", (ctx, req) -> HttpResponse.of("metrics"));
        });
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Span span(TraceId traceId, long spanId, long parentSpanId, String name, SpanKind kind,
                             Resource resource) {
        return Span.builder().traceId(traceId).spanId(spanId).parentSpanId(parentSpanId).flags(1)
                .name(name).kind(kind)
                .startEpochNanos(1_700_000_000_000_000_000L + spanId * 1_000)
                .durationNanos(2_000).resource(resource).build();
    }

    @Test
    void getServices_listsServicesSortedWithTotal() {
        var response = server.get("/api/services");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(
                "{\"data\":[\"driver\",\"frontend\",\"mysql\",\"web/api %41\"],"
                        + "\"total\":4,\"limit\":0,\"offset\":0,\"errors\":null}");
    }

    @Test
    void getServices_isEmptyArrayWhenNothingStored() {
        assertThat(server.get("/empty/api/services").body())
                .isEqualTo("{\"data\":[],\"total\":0,\"limit\":0,\"offset\":0,\"errors\":null}");
    }

    @Test
    void getServiceOperations_listsUniqueNamesOfEveryKind() {
        var response = server.get("/api/services/frontend/operations");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"data\":[\"GET /dispatch\",\"HTTP GET\",\"internal-op\"],"
                + "\"total\":3,\"limit\":0,\"offset\":0,\"errors\":null}");
    }

    @Test
    void getServiceOperations_decodesServiceSegmentExactlyOnce() {
        // encodeURIComponent("web/api %41"): "%2541" must come out as "%41", not as "A".
        assertThat(json(server.get("/api/services/web%2Fapi%20%2541/operations")).get("data").toString())
                .isEqualTo("[\"a\"]");
        assertThat(json(server.get("/api/services/web%2Fapi%20A/operations")).get("data").toString())
                .isEqualTo("[]");
    }

    @Test
    void getServiceOperations_unknownServiceIsEmptyArray() {
        assertThat(server.get("/api/services/nope/operations").body())
                .isEqualTo("{\"data\":[],\"total\":0,\"limit\":0,\"offset\":0,\"errors\":null}");
    }

    @Test
    void getOperations_listsNameAndKindWithEmptyKindForUnspecified() {
        var response = server.get("/api/operations?service=frontend");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(compact("""
                {"data":[{"name":"GET /dispatch","spanKind":"server"},
                         {"name":"GET /dispatch","spanKind":"client"},
                         {"name":"HTTP GET","spanKind":"client"},
                         {"name":"internal-op","spanKind":""}],
                 "total":4,"limit":0,"offset":0,"errors":null}
                """));
    }

    @Test
    void getOperations_filtersBySpanKindAndTreatsEmptyKindAsEvery() {
        assertThat(server.get("/api/operations?service=frontend&spanKind=client").body()).isEqualTo(compact("""
                {"data":[{"name":"GET /dispatch","spanKind":"client"},{"name":"HTTP GET","spanKind":"client"}],
                 "total":2,"limit":0,"offset":0,"errors":null}
                """));
        assertThat(json(server.get("/api/operations?service=frontend&spanKind=")).get("total").asInt()).isEqualTo(4);
    }

    @Test
    void getOperations_withoutService_is400() {
        assertError(server.get("/api/operations"), 400, "parameter 'service' is required");
        assertError(server.get("/api/operations?service="), 400, "parameter 'service' is required");
    }

    @Test
    void getOperations_unknownSpanKind_is400NamingIt() {
        assertError(server.get("/api/operations?service=frontend&spanKind=sever"), 400,
                "unsupported value of parameter 'spanKind': 'sever'"
                        + " (expected: server, client, producer, consumer, internal)");
    }

    @Test
    void getTrace_returnsTheTraceAloneInTheEnvelope() {
        var response = server.get("/api/traces/1abc");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(compact("""
                {"data":[{"traceID":"0000000000001abc",
                  "spans":[{"traceID":"0000000000001abc","spanID":"000000000000000f","flags":1,
                    "operationName":"find","references":[],"startTime":1700000000000015,"duration":2,
                    "tags":[{"key":"span.kind","type":"string","value":"server"}],
                    "logs":[],"processID":"p1","warnings":null}],
                  "processes":{"p1":{"serviceName":"driver","tags":[{"key":"host","type":"string","value":"d1"}]}},
                  "warnings":null}],
                 "total":0,"limit":0,"offset":0,"errors":null}
                """));
    }

    @Test
    void getTrace_acceptsUpperCaseLeadingZerosAndBase64() {
        JsonNode byUpperHex = json(server.get("/api/traces/4BF92F3577B34DA6A3CE929D0E0E4736"));
        JsonNode byPaddedHex = json(server.get("/api/traces/00000000000000000000000000001abc"));
        // S/kvNXezTaajzpKdDg5HNg== is the same 128-bit ID in base64 (Jaeger v2.20+).
        JsonNode byBase64 = json(server.get("/api/traces/S%2FkvNXezTaajzpKdDg5HNg%3D%3D"));

        assertThat(byUpperHex.at("/data/0/traceID").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(byUpperHex.at("/data/0/spans").size()).isEqualTo(6);
        assertThat(byPaddedHex.at("/data/0/traceID").asText()).isEqualTo("0000000000001abc");
        assertThat(byBase64.at("/data/0/traceID").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void getTrace_putsParentReferenceFirstAndSharesProcesses() {
        JsonNode trace = json(server.get("/api/traces/4bf92f3577b34da6a3ce929d0e0e4736")).at("/data/0");

        assertThat(trace.at("/spans/1/references/0").toString()).isEqualTo(
                "{\"refType\":\"CHILD_OF\",\"traceID\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
                        + "\"spanID\":\"0000000000000001\"}");
        assertThat(trace.get("processes").size()).isEqualTo(3);
        assertThat(trace.at("/processes/p1/serviceName").asText()).isEqualTo("frontend");
    }

    @Test
    void getTrace_acceptsAndIgnoresRawStartAndEnd() {
        var response = server.get("/api/traces/1abc?raw=true&start=1&end=2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).at("/data/0/traceID").asText()).isEqualTo("0000000000001abc");
    }

    @Test
    void getTrace_badId_is400NamingTheProblem() {
        assertError(server.get("/api/traces/xyz"), 400, "TraceID is not a hex string: xyz");
        String tooLong = "1".repeat(33);
        assertError(server.get("/api/traces/" + tooLong), 400,
                "TraceID cannot be longer than 32 hex characters: " + tooLong);
    }

    @Test
    void getTrace_unknownId_is404TraceNotFound() {
        var response = server.get("/api/traces/deadbeef");

        assertError(response, 404, "trace not found");
        assertThat(response.body()).isEqualTo(
                "{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,"
                        + "\"errors\":[{\"code\":404,\"msg\":\"trace not found\"}]}\n");
    }

    @Test
    void unknownApiPath_is404WithErrorEnvelope() {
        assertError(server.get("/api/nope"), 404, "page not found: /api/nope");
        assertError(server.get("/api/services/frontend/nope"), 404, "page not found: /api/services/frontend/nope");
    }

    @Test
    void storageFailure_is500WithErrorEnvelope() {
        assertError(server.get("/failing/api/services"), 500, "disk on fire");
        assertError(server.get("/failing/api/services/a/operations"), 500, "disk on fire");
        assertError(server.get("/failing/api/operations?service=a"), 500, "disk on fire");
        assertError(server.get("/failing/api/traces/1"), 500, "disk on fire");
    }

    @Test
    void storageReads_runOffTheEventLoop() {
        server.get("/probe/api/services");
        server.get("/probe/api/services/a/operations");
        server.get("/probe/api/operations?service=a");
        server.get("/probe/api/traces/1");

        assertThat(PROBE.onEventLoop).hasSize(4).containsOnly(false);
    }

    @Test
    void prettyPrint_indentsWithFourSpacesUnlessEmptyOrFalse() {
        assertThat(server.get("/api/services?prettyPrint=true").body()).isEqualTo("""
                {
                    "data": [
                        "driver",
                        "frontend",
                        "mysql",
                        "web/api %41"
                    ],
                    "total": 4,
                    "limit": 0,
                    "offset": 0,
                    "errors": null
                }""");
        assertThat(server.get("/api/services?prettyPrint=1").body()).startsWith("{\n    \"data\": [\n");
        assertThat(server.get("/api/services?prettyPrint=false").body()).startsWith("{\"data\":[");
        assertThat(server.get("/api/services?prettyPrint=").body()).startsWith("{\"data\":[");
    }

    @Test
    void responses_areGzippedWhenTheClientAsks() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(server.uri("/api/traces/b16"))
                .header("Accept-Encoding", "gzip").GET().build();

        var response = server.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
        String body;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(TestServer.MAPPER.readTree(body).at("/data/0/spans").size()).isEqualTo(50);
        assertThat(server.get("/api/traces/b16").headers().firstValue("content-encoding")).isEmpty();
    }

    @Test
    void basePath_mountsEveryRouteUnderItBesideOtherBindingsAndMoreSpecificRoutes() {
        assertThat(json(server.get("/jaeger/api/services")).get("data").toString()).isEqualTo("[\"driver\"]");
        assertThat(json(server.get("/jaeger/api/services/driver/operations")).get("data").toString())
                .isEqualTo("[\"find\"]");
        assertThat(json(server.get("/jaeger/api/operations?service=driver")).get("total").asInt())
                .isEqualTo(1);
        assertThat(server.get("/jaeger/api/traces/1abc").statusCode()).isEqualTo(200);
        assertError(server.get("/jaeger/api/nope"), 404, "page not found: /jaeger/api/nope");
        assertThat(server.get("/jaeger/api/v3/services").body()).isEqualTo("v3");
        assertThat(server.get("/jaeger/api/metrics/calls").body()).isEqualTo("metrics");
    }

    private static void assertError(java.net.http.HttpResponse<String> response, int status, String msg) {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("data").isNull()).isTrue();
        assertThat(body.get("errors").size()).isEqualTo(1);
        assertThat(body.at("/errors/0/code").asInt()).isEqualTo(status);
        assertThat(body.at("/errors/0/msg").asText()).isEqualTo(msg);
    }

    /** Storage that records whether each read ran on an event loop, and fails them if told to. */
    private static final class ProbeStorage implements StorageComponent, TraceReader, ServiceCatalog {
        final List<Boolean> onEventLoop = new CopyOnWriteArrayList<>();
        private final boolean fail;

        ProbeStorage(boolean fail) {
            this.fail = fail;
        }

        private void read() {
            onEventLoop.add(ServiceRequestContext.current().eventLoop().inEventLoop());
            if (fail) {
                throw new StorageException("disk on fire");
            }
        }

        @Override
        public Optional<Trace> getTrace(TraceId traceId) {
            read();
            return Optional.empty();
        }

        @Override
        public List<TraceId> findTraceIds(TraceQuery query) {
            read();
            return List.of();
        }

        @Override
        public DependencyReader dependencyReader() {
            return (endEpochMicros, lookbackMicros) -> {
                read();
                return List.of();
            };
        }

        @Override
        public List<String> getServices() {
            read();
            return List.of();
        }

        @Override
        public List<Operation> getOperations(String service, SpanKind spanKind) {
            read();
            return List.of();
        }

        @Override
        public SpanWriter spanWriter() {
            throw new UnsupportedOperationException();
        }

        @Override
        public TraceReader traceReader() {
            return this;
        }

        @Override
        public ServiceCatalog serviceCatalog() {
            return this;
        }

        @Override
        public HealthStatus check() {
            return HealthStatus.OK;
        }

        @Override
        public void close() {}
    }
}

package io.sightline.query;

import static io.sightline.query.Json.compact;
import static io.sightline.query.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.DependencyLink;
import io.sightline.core.storage.DependencyReader;
import io.sightline.core.storage.HealthStatus;
import io.sightline.core.storage.ServiceCatalog;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.TraceReader;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/traces} search and multi-ID fetch, adjusters and {@code /api/dependencies} over HTTP. */
class TraceSearchIT {
    /** "Now" for every server here: 2023-11-14T22:13:20Z, in µs since epoch. */
    private static final long NOW_MICROS = 1_700_000_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final long SEC = 1_000_000L;

    private static final Resource FRONTEND = new Resource("frontend", List.of(Attribute.of("ip", "10.0.0.1")));
    private static final Resource DRIVER = new Resource("driver",
            List.of(Attribute.of("ip", "10.0.0.2"), Attribute.of("cloud.region", "eu")));
    private static final Resource MYSQL = new Resource("mysql", List.of(Attribute.of("ip", "10.0.0.3")));

    private static final TraceId DISPATCH = TraceId.of(0, 0xd1);
    private static final TraceId CUSTOMER = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
    private static final TraceId OLD = TraceId.of(0, 0x01d);
    private static final TraceId SKEWED = TraceId.of(0, 0x5e3);
    private static final TraceId SHARED = TraceId.of(0, 0x5a);

    private static final RecordingDependencies DEPENDENCIES = new RecordingDependencies();
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        InMemoryStorage storage = new InMemoryStorage(10_000);
        storage.write(List.of(
                span(DISPATCH, 1, 0, "GET /dispatch", FRONTEND, NOW_MICROS - 10 * SEC, 100_000)
                        .addAttribute(Attribute.of("http.status_code", 200L)).kind(SpanKind.SERVER).build(),
                span(DISPATCH, 2, 1, "find", DRIVER, NOW_MICROS - 10 * SEC + 10_000, 20_000)
                        .addEvent(new SpanEvent((NOW_MICROS - 10 * SEC + 15_000) * 1_000, "retrying",
                                List.of(Attribute.of("attempt", 2L))))
                        .build(),
                span(CUSTOMER, 1, 0, "GET /customer", FRONTEND, NOW_MICROS - 20 * SEC, 5_000)
                        .addAttribute(Attribute.of("error", true)).build(),
                span(OLD, 1, 0, "GET /dispatch", FRONTEND, NOW_MICROS - 72 * 3_600 * SEC, 1_000).build(),
                // The mysql span starts 50 ms before its parent on another host: skewed clocks.
                span(SKEWED, 1, 0, "GET /orders", FRONTEND, NOW_MICROS - 30 * SEC, 100_000).build(),
                span(SKEWED, 2, 1, "SELECT", MYSQL, NOW_MICROS - 30 * SEC - 50_000, 40_000).build(),
                // Zipkin's shared span: the server span has its client's ID.
                span(SHARED, 6, 0, "checkout", FRONTEND, NOW_MICROS - 40 * SEC, 100_000).build(),
                span(SHARED, 7, 6, "call driver", FRONTEND, NOW_MICROS - 40 * SEC + 1_000, 50_000)
                        .kind(SpanKind.CLIENT).build(),
                span(SHARED, 7, 6, "serve", DRIVER, NOW_MICROS - 40 * SEC + 2_000, 40_000)
                        .kind(SpanKind.SERVER).build()));

        InMemoryStorage big = new InMemoryStorage(1_000);
        big.write(chain(TraceId.of(0, 0xb1), 6, NOW_MICROS - SEC));
        big.write(chain(TraceId.of(0, 0xb2), 6, NOW_MICROS - 2 * SEC));
        big.write(chain(TraceId.of(0, 0xb3), 3, NOW_MICROS - 3 * SEC));

        server = TestServer.start(sb -> {
            new QueryService(storage, QueryOptions.DEFAULTS, CLOCK).bindTo(sb, "/");
            new QueryService(storage, new QueryOptions(2, 1_000_000, 0), CLOCK).bindTo(sb, "/capped");
            new QueryService(storage, new QueryOptions(1500, 1_000_000, 1_000_000_000L), CLOCK)
                    .bindTo(sb, "/skew");
            new QueryService(big, new QueryOptions(1500, 10, 0), CLOCK).bindTo(sb, "/bounded");
            new QueryService(DEPENDENCIES, QueryOptions.DEFAULTS, CLOCK).bindTo(sb, "/deps");
            new QueryService(storage, QueryOptions.DEFAULTS, CLOCK).bindTo(sb, "/jaeger");
        });
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Span.Builder span(TraceId traceId, long spanId, long parentSpanId, String name,
                                     Resource resource, long startMicros, long durationMicros) {
        return Span.builder().traceId(traceId).spanId(spanId).parentSpanId(parentSpanId).flags(1).name(name)
                .resource(resource).startEpochNanos(startMicros * 1_000).durationNanos(durationMicros * 1_000);
    }

    private static List<Span> chain(TraceId traceId, int spans, long startMicros) {
        List<Span> chain = new ArrayList<>();
        for (int i = 1; i <= spans; i++) {
            chain.add(span(traceId, i, i - 1, "step", FRONTEND, startMicros + i, 10).build());
        }
        return chain;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> traceIds(JsonNode body) {
        return StreamSupport.stream(body.get("data").spliterator(), false)
                .map(trace -> trace.get("traceID").asText()).toList();
    }

    @Test
    void search_byService_returnsWholeTracesOfTheLast48HoursNewestFirst() {
        var response = server.get("/api/traces?service=frontend");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = json(response);
        assertThat(traceIds(body)).containsExactly("00000000000000d1", "4bf92f3577b34da6a3ce929d0e0e4736",
                "00000000000005e3", "000000000000005a");
        // Whole: the driver span of the dispatch trace comes too.
        assertThat(body.at("/data/0/spans").size()).isEqualTo(2);
        assertThat(body.at("/data/0/processes/p2/serviceName").asText()).isEqualTo("driver");
        assertThat(body.get("total").asInt()).isZero();
        assertThat(body.get("errors").isNull()).isTrue();
    }

    @Test
    void search_writesTheTraceJsonOfTheTraceEndpoint() {
        String byId = json(server.get("/api/traces/d1")).at("/data/0").toString();
        String bySearch = json(server.get("/api/traces?service=driver")).at("/data/0").toString();

        assertThat(bySearch).isEqualTo(byId);
        assertThat(json(server.get("/api/traces?service=frontend&operation=GET%20%2Fcustomer")).toString())
                .isEqualTo(compact("""
                {"data":[{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736",
                  "spans":[{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"0000000000000001","flags":1,
                    "operationName":"GET /customer","references":[],"startTime":1699999980000000,"duration":5000,
                    "tags":[{"key":"error","type":"bool","value":true}],"logs":[],"processID":"p1","warnings":null}],
                  "processes":{"p1":{"serviceName":"frontend","tags":[{"key":"ip","type":"string","value":"10.0.0.1"}]}},
                  "warnings":null}],
                 "total":0,"limit":0,"offset":0,"errors":null}
                """));
    }

    @Test
    void search_startAndEndInMicrosAreInclusive() {
        long customerStart = NOW_MICROS - 20 * SEC;
        assertThat(traceIds(json(server.get("/api/traces?service=frontend&start=" + customerStart
                + "&end=" + customerStart)))).containsExactly("4bf92f3577b34da6a3ce929d0e0e4736");
        long oldStart = NOW_MICROS - 72 * 3_600 * SEC;
        assertThat(traceIds(json(server.get("/api/traces?service=frontend&start=" + (oldStart - 1)
                + "&end=" + (oldStart + 1))))).containsExactly("000000000000001d");
    }

    @Test
    void search_durationsAreGoStringsAppliedToOneSpan() {
        // 100 ms spans: the dispatch and skewed roots, and the shared trace's checkout.
        assertThat(traceIds(json(server.get("/api/traces?service=frontend&minDuration=0.1s"))))
                .containsExactly("00000000000000d1", "00000000000005e3", "000000000000005a");
        assertThat(traceIds(json(server.get("/api/traces?service=frontend&maxDuration=5ms"))))
                .containsExactly("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(traceIds(json(server.get("/api/traces?service=driver&minDuration=15ms&maxDuration=25ms"))))
                .containsExactly("00000000000000d1");
        assertThat(traceIds(json(server.get("/api/traces?service=frontend&minDuration=1h30m")))).isEmpty();
        // The micro sign, percent-encoded UTF-8 as browsers send it.
        assertThat(traceIds(json(server.get("/api/traces?service=frontend&maxDuration=5000%C2%B5s"))))
                .containsExactly("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void search_tagsMatchSpanTagsProcessTagsAndLogFields() {
        assertThat(traceIds(json(server.get("/api/traces?service=frontend&tag=http.status_code:200"))))
                .containsExactly("00000000000000d1");
        assertThat(traceIds(json(server.get("/api/traces?service=frontend&tags="
                + enc("{\"error\":\"true\"}"))))).containsExactly("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(traceIds(json(server.get("/api/traces?service=driver&tag=cloud.region:eu&tags="
                + enc("{\"attempt\":\"2\"}"))))).containsExactly("00000000000000d1");
        // Merged, the last key wins: error:false replaces error:true, and nothing matches.
        assertThat(traceIds(json(server.get("/api/traces?service=frontend&tag=error:true&tags="
                + enc("{\"error\":\"false\"}"))))).isEmpty();
    }

    @Test
    void search_limitCountsTracesAndIsCappedByTheMaximum() {
        assertThat(traceIds(json(server.get("/api/traces?service=frontend&limit=1"))))
                .containsExactly("00000000000000d1");
        assertThat(traceIds(json(server.get("/capped/api/traces?service=frontend&limit=100")))).hasSize(2);
        assertThat(traceIds(json(server.get("/capped/api/traces?service=frontend")))).hasSize(2);
    }

    @Test
    void search_noMatchIsEmptyArray() {
        assertThat(server.get("/api/traces?service=nope&lookback=custom").body())
                .isEqualTo("{\"data\":[],\"total\":0,\"limit\":0,\"offset\":0,\"errors\":null}");
        assertThat(server.get("/api/traces?service=frontend&start=20&end=10").body())
                .isEqualTo("{\"data\":[],\"total\":0,\"limit\":0,\"offset\":0,\"errors\":null}");
    }

    @Test
    void search_byTraceIds_ignoresOtherFiltersAndNamesMissingIdsWithStatus200() {
        var response = server.get("/api/traces?service=nope&operation=x&minDuration=1h&traceID=D1"
                + "&traceID=00000000000000000000000000000bad&traceID=1d");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(traceIds(body)).containsExactly("00000000000000d1", "000000000000001d");
        assertThat(body.get("errors").toString())
                .isEqualTo("[{\"msg\":\"trace not found\",\"traceID\":\"0000000000000bad\"}]");
    }

    @Test
    void search_pastTheSpanBound_answersWhatFitsAndNamesWhatWasLeftOut() {
        JsonNode body = json(server.get("/bounded/api/traces?service=frontend"));

        // 6 + 6 + 3 spans against a bound of 10: the second trace does not fit, the third does.
        assertThat(traceIds(body)).containsExactly("00000000000000b1", "00000000000000b3");
        assertThat(body.get("errors").toString()).isEqualTo("[{\"msg\":\"trace left out: its 6 spans would take"
                + " the response past 10 spans (QUERY_MAX_SPANS_PER_RESPONSE); fetch it by its ID\","
                + "\"traceID\":\"00000000000000b2\"}]");
        assertThat(json(server.get("/bounded/api/traces/b2")).at("/data/0/spans").size()).isEqualTo(6);
    }

    @Test
    void search_badParameters_are400WithJaegersMessages() {
        assertError(server.get("/api/traces"), "parameter 'service' is required");
        assertError(server.get("/api/traces?service=frontend&start=yesterday"),
                "unable to parse param 'start': strconv.ParseInt: parsing \"yesterday\": invalid syntax");
        assertError(server.get("/api/traces?service=frontend&end=1e6"),
                "unable to parse param 'end': strconv.ParseInt: parsing \"1e6\": invalid syntax");
        assertError(server.get("/api/traces?service=frontend&limit=all"),
                "strconv.ParseInt: parsing \"all\": invalid syntax");
        assertError(server.get("/api/traces?service=frontend&minDuration=5"),
                "cannot parse minDuration: time: missing unit in duration \"5\"");
        assertError(server.get("/api/traces?service=frontend&maxDuration=2w"),
                "cannot parse maxDuration: time: unknown unit \"w\" in duration \"2w\"");
        assertError(server.get("/api/traces?service=frontend&minDuration=2s&maxDuration=1s"),
                "'maxDuration' should be greater than 'minDuration'");
        assertError(server.get("/api/traces?service=frontend&tags=" + enc("{\"a\":true}")),
                "malformed 'tags' parameter, cannot unmarshal JSON: json: cannot unmarshal bool into Go value of type string");
        assertError(server.get("/api/traces?service=frontend&tag=nocolon"),
                "malformed 'tag' parameter, expecting key:value, received: nocolon");
        assertError(server.get("/api/traces?traceID=xyz"),
                "cannot parse traceID param: TraceID is not a hex string: xyz");
        assertError(server.get("/api/traces?service=frontend&raw=maybe"),
                "unable to parse param 'raw': strconv.ParseBool: parsing \"maybe\": invalid syntax");
    }

    @Test
    void adjusters_warnAboutClockSkewByDefaultAndShiftWhenAllowed() {
        // Storage order is by start time: the skewed child comes first.
        JsonNode byDefault = json(server.get("/api/traces/5e3")).at("/data/0/spans/0");
        JsonNode shifted = json(server.get("/skew/api/traces/5e3")).at("/data/0/spans/0");
        JsonNode raw = json(server.get("/skew/api/traces/5e3?raw=true")).at("/data/0/spans/0");

        assertThat(byDefault.get("operationName").asText()).isEqualTo("SELECT");
        long storedStart = NOW_MICROS - 30 * SEC - 50_000;
        assertThat(byDefault.get("startTime").asLong()).isEqualTo(storedStart);
        assertThat(byDefault.get("warnings").toString())
                .isEqualTo("[\"clock skew adjustment disabled; not applying calculated delta of 80ms\"]");
        // Centred in its 100 ms parent: 30 ms after the parent's start.
        assertThat(shifted.get("startTime").asLong()).isEqualTo(NOW_MICROS - 30 * SEC + 30_000);
        assertThat(shifted.get("warnings").toString())
                .isEqualTo("[\"This span's timestamps were adjusted by 80ms\"]");
        assertThat(raw.get("startTime").asLong()).isEqualTo(storedStart);
        assertThat(raw.get("warnings").isNull()).isTrue();
    }

    @Test
    void adjusters_giveZipkinSharedServerSpansTheirOwnIdUnlessRaw() {
        JsonNode adjusted = json(server.get("/api/traces/5a")).at("/data/0/spans");
        JsonNode raw = json(server.get("/api/traces/5a?raw=1")).at("/data/0/spans");

        assertThat(adjusted.at("/2/spanID").asText()).isEqualTo("0000000000000001");
        assertThat(adjusted.at("/2/references/0/spanID").asText()).isEqualTo("0000000000000007");
        assertThat(raw.at("/2/spanID").asText()).isEqualTo("0000000000000007");
        assertThat(raw.at("/2/references/0/spanID").asText()).isEqualTo("0000000000000006");
    }

    @Test
    void adjusters_applyToSearchResultsUnlessRaw() {
        String query = "/api/traces?service=mysql";
        assertThat(json(server.get(query)).at("/data/0/spans/0/warnings").size()).isEqualTo(1);
        assertThat(json(server.get(query + "&raw=true")).at("/data/0/spans/0/warnings").isNull()).isTrue();
        assertThat(json(server.get("/api/traces?traceID=5a")).at("/data/0/spans/2/spanID").asText())
                .isEqualTo("0000000000000001");
    }

    @Test
    void getTrace_checksTheTimeHintsAsIntegersAndIgnoresTheirUnit() {
        // Grafana may send ms where µs are meant: the hints never hide the trace.
        assertThat(server.get("/api/traces/d1?start=1&end=2").statusCode()).isEqualTo(200);
        assertError(server.get("/api/traces/d1?start=abc"),
                "unable to parse param 'start': strconv.ParseInt: parsing \"abc\": invalid syntax");
        assertError(server.get("/api/traces/d1?end=1.5"),
                "unable to parse param 'end': strconv.ParseInt: parsing \"1.5\": invalid syntax");
        assertError(server.get("/api/traces/d1?raw=nope"),
                "unable to parse param 'raw': strconv.ParseBool: parsing \"nope\": invalid syntax");
    }

    @Test
    void dependencies_fromStoredSpans() {
        assertThat(json(server.get("/api/dependencies")).toString()).isEqualTo(compact("""
                {"data":[{"parent":"frontend","child":"driver","callCount":2},
                         {"parent":"frontend","child":"mysql","callCount":1}],
                 "total":0,"limit":0,"offset":0,"errors":null}
                """));
    }

    @Test
    void dependencies_passMillisAsMicrosWithDefaultsNowAnd24Hours() {
        DEPENDENCIES.calls.clear();
        server.get("/deps/api/dependencies");
        server.get("/deps/api/dependencies?endTs=1700000000123&lookback=3600000");

        assertThat(DEPENDENCIES.calls).containsExactly(
                List.of(NOW_MICROS, 86_400_000_000L),
                List.of(1_700_000_000_123_000L, 3_600_000_000L));
    }

    @Test
    void dependencies_mergeDuplicateLinksAndFilterByEitherEnd() {
        assertThat(json(server.get("/deps/api/dependencies")).get("data").toString()).isEqualTo(compact("""
                [{"parent":"a","child":"b","callCount":5},{"parent":"b","child":"c","callCount":1},
                 {"parent":"c","child":"d","callCount":4}]"""));
        assertThat(json(server.get("/deps/api/dependencies?service=c")).get("data").toString()).isEqualTo(compact("""
                [{"parent":"b","child":"c","callCount":1},{"parent":"c","child":"d","callCount":4}]"""));
        assertThat(json(server.get("/deps/api/dependencies?service=zzz")).get("data").toString()).isEqualTo("[]");
    }

    @Test
    void dependencies_badNumbers_are400NamingTheParameter() {
        assertError(server.get("/api/dependencies?endTs=now"),
                "unable to parse param 'endTs': strconv.ParseInt: parsing \"now\": invalid syntax");
        assertError(server.get("/api/dependencies?lookback=1h"),
                "unable to parse param 'lookback': strconv.ParseInt: parsing \"1h\": invalid syntax");
        assertError(server.get("/api/dependencies?lookback=0"), "parameter 'lookback' must be positive: 0");
        assertError(server.get("/api/dependencies?endTs=9223372036854775807"),
                "unable to parse param 'endTs': 9223372036854775807 ms is out of range");
    }

    @Test
    void newRoutes_honourBasePathPrettyPrintAndGzip() throws Exception {
        assertThat(traceIds(json(server.get("/jaeger/api/traces?service=driver")))).containsExactly(
                "00000000000000d1", "000000000000005a");
        assertThat(json(server.get("/jaeger/api/dependencies")).get("data").size()).isEqualTo(2);
        assertThat(server.get("/api/dependencies?prettyPrint=true").body()).startsWith("""
                {
                    "data": [
                        {
                            "parent": "frontend",
                """);
        assertThat(server.get("/api/traces?service=mysql&prettyPrint=1").body()).startsWith("{\n    \"data\": [\n");
        var gzipped = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/api/traces?service=frontend"))
                .header("Accept-Encoding", "gzip").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.headers().firstValue("content-encoding")).hasValue("gzip");
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
            assertThat(TestServer.MAPPER.readTree(in).get("data").size()).isEqualTo(4);
        }
        assertError(server.get("/jaeger/api/tracez"), "page not found: /jaeger/api/tracez", 404);
    }

    private static void assertError(java.net.http.HttpResponse<String> response, String msg) {
        assertError(response, msg, 400);
    }

    private static void assertError(java.net.http.HttpResponse<String> response, String msg, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("data").isNull()).isTrue();
        assertThat(body.get("errors").toString())
                .isEqualTo(TestServer.MAPPER.createArrayNode().add(TestServer.MAPPER.createObjectNode()
                        .put("code", status).put("msg", msg)).toString());
    }

    /** A store whose dependency reader records its arguments and answers unmerged links. */
    private static final class RecordingDependencies implements StorageComponent, DependencyReader {
        final List<List<Long>> calls = new CopyOnWriteArrayList<>();
        private final InMemoryStorage empty = new InMemoryStorage(1);

        @Override
        public List<DependencyLink> getDependencies(long endEpochMicros, long lookbackMicros) {
            calls.add(List.of(endEpochMicros, lookbackMicros));
            return List.of(new DependencyLink("a", "b", 2), new DependencyLink("b", "c", 1),
                    new DependencyLink("a", "b", 3), new DependencyLink("c", "d", 4));
        }

        @Override
        public DependencyReader dependencyReader() {
            return this;
        }

        @Override
        public SpanWriter spanWriter() {
            return empty.spanWriter();
        }

        @Override
        public TraceReader traceReader() {
            return empty.traceReader();
        }

        @Override
        public ServiceCatalog serviceCatalog() {
            return empty.serviceCatalog();
        }

        @Override
        public HealthStatus check() {
            return HealthStatus.OK;
        }

        @Override
        public void close() {}
    }
}

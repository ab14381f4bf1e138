package io.sightline.storage.opensearch;

import static io.sightline.storage.testkit.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.DependencyLink;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.TraceQuery;
import io.sightline.storage.testkit.TestSpans;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the conformance suite cannot see: Jaeger's documents, retention, and a cluster that goes away. */
class OpenSearchStorageIT {
    @RegisterExtension
    static final SearchEngineExtension ENGINE = SearchEngineExtension.opensearch();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TraceId TRACE = TraceId.fromHex("00000000000000000a1b2c3d4e5f6071");
    private static final long DAY_MICROS = 86_400_000_000L;
    /** The suite's base time, 2026-11-28T12:00:00Z. */
    private static final long BASE_NANOS = TestSpans.BASE_EPOCH_NANOS;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void deleteEveryIndex() throws Exception {
        TestStores.deleteAllIndices(ENGINE);
    }

    /** A span document as Jaeger 1.50 writes it from an OTLP server span with an error and a log. */
    @Test
    void getTrace_readsADocumentAsJaegerWroteIt() throws Exception {
        try (OpenSearchStorage store = OpenSearchStorage.open(TestStores.options(ENGINE).build())) {
            String doc = """
                    {"traceID":"0a1b2c3d4e5f6071","spanID":"00000000000000b2","flags":1,
                     "operationName":"HTTP GET /customer",
                     "references":[{"refType":"CHILD_OF","traceID":"0a1b2c3d4e5f6071","spanID":"00000000000000a1"}],
                     "startTime":1795867200000123,"startTimeMillis":1795867200000,"duration":2500,
                     "tags":[{"key":"http.method","type":"string","value":"GET"},
                             {"key":"http.status_code","type":"int64","value":"500"},
                             {"key":"retry.ratio","type":"float64","value":"0.25"},
                             {"key":"cache.hit","type":"bool","value":"false"},
                             {"key":"span.kind","type":"string","value":"server"},
                             {"key":"otel.status_code","type":"string","value":"ERROR"},
                             {"key":"error","type":"bool","value":"true"},
                             {"key":"otel.scope.name","type":"string","value":"io.opentelemetry.jetty"},
                             {"key":"internal.span.format","type":"string","value":"otlp"}],
                     "logs":[{"timestamp":1795867200001000,"fields":[
                             {"key":"event","type":"string","value":"exception"},
                             {"key":"exception.type","type":"string","value":"java.io.IOException"}]}],
                     "process":{"serviceName":"customer","tags":[
                             {"key":"host.name","type":"string","value":"app-1"},
                             {"key":"process.pid","type":"int64","value":"81"}]}}
                    """;
            index("jaeger-span-2026-11-28", doc);
            index("jaeger-service-2026-11-28", "{\"serviceName\":\"customer\",\"operationName\":\"HTTP GET /customer\"}");

            Span expected = Span.builder()
                    .traceId(TraceId.of(0, 0x0a1b2c3d4e5f6071L))
                    .spanId(0xb2)
                    .parentSpanId(0xa1)
                    .flags(1)
                    .name("HTTP GET /customer")
                    .kind(SpanKind.SERVER)
                    .startEpochNanos(1_795_867_200_000_123_000L)
                    .durationNanos(2_500_000)
                    .attributes(List.of(Attribute.of("http.method", "GET"), Attribute.of("http.status_code", 500L),
                            Attribute.of("retry.ratio", 0.25), Attribute.of("cache.hit", false),
                            Attribute.of("internal.span.format", "otlp")))
                    .events(List.of(new SpanEvent(1_795_867_200_001_000_000L, "exception",
                            List.of(Attribute.of("exception.type", "java.io.IOException")))))
                    .status(StatusCode.ERROR, "")
                    .resource(new Resource("customer", List.of(Attribute.of("host.name", "app-1"),
                            Attribute.of("process.pid", 81L))))
                    .scope(new InstrumentationScope("io.opentelemetry.jetty", ""))
                    .build();
            // The same trace ID, as a 128-bit ID with a zero high half and as Jaeger prints it.
            assertThat(store.traceReader().getTrace(TRACE).orElseThrow().spans()).containsExactly(expected);

            TraceQuery byTag = new TraceQuery("customer", "HTTP GET /customer", Map.of("http.status_code", "500",
                    "host.name", "app-1", "exception.type", "java.io.IOException"), 1_795_867_100_000_000L,
                    1_795_867_300_000_000L, 2_000, 3_000, 20);
            assertThat(store.traceReader().findTraceIds(byTag)).containsExactly(TRACE);
            assertThat(store.serviceCatalog().getServices()).containsExactly("customer");
            // Jaeger 1.50 stores no span kind with the operation: it comes from the spans' span.kind tag.
            assertThat(store.serviceCatalog().getOperations("customer", null))
                    .containsExactly(new Operation("HTTP GET /customer", SpanKind.SERVER));
        }
    }

    @Test
    void write_storesTheDocumentJaegerReads() throws Exception {
        try (OpenSearchStorage store = OpenSearchStorage.open(TestStores.options(ENGINE)
                .tagsAsFieldsInclude(java.util.Set.of("http.request.method")).build())) {
            Span written = span(TRACE, 0xb2).parentSpanId(0xa1)
                    .addLink(new SpanLink(TraceId.of(0, 7), 8, "", List.of()))
                    .addEvent(new SpanEvent(BASE_NANOS + 1_000, "retry", List.of(Attribute.of("attempt", 2L))))
                    .addAttribute(new Attribute("payload", AttributeValue.of(new byte[] {1, (byte) 0xfe})))
                    .status(StatusCode.ERROR, "boom")
                    .build();
            store.spanWriter().write(List.of(written));

            JsonNode hits = search("jaeger-span-2026-11-28");
            assertThat(hits).hasSize(1);
            JsonNode doc = hits.get(0).path("_source");
            assertThat(doc.path("traceID").asText()).isEqualTo("0a1b2c3d4e5f6071");
            assertThat(doc.path("spanID").asText()).isEqualTo("00000000000000b2");
            assertThat(doc.path("flags").asInt()).isEqualTo(1);
            assertThat(doc.path("operationName").asText()).isEqualTo("HTTP GET /dispatch");
            assertThat(doc.path("startTime").asLong()).isEqualTo(BASE_NANOS / 1_000);
            assertThat(doc.path("startTimeMillis").asLong()).isEqualTo(BASE_NANOS / 1_000_000);
            assertThat(doc.path("duration").asLong()).isEqualTo(1_000);
            assertThat(doc.path("references").toString()).isEqualTo(
                    "[{\"refType\":\"CHILD_OF\",\"traceID\":\"0a1b2c3d4e5f6071\",\"spanID\":\"00000000000000a1\"},"
                    + "{\"refType\":\"FOLLOWS_FROM\",\"traceID\":\"0000000000000007\",\"spanID\":\"0000000000000008\"}]");
            assertThat(doc.path("tags").toString())
                    .contains("{\"key\":\"http.response.status_code\",\"type\":\"int64\",\"value\":\"200\"}")
                    .contains("{\"key\":\"payload\",\"type\":\"binary\",\"value\":\"01fe\"}")
                    .contains("{\"key\":\"span.kind\",\"type\":\"string\",\"value\":\"server\"}")
                    .contains("{\"key\":\"error\",\"type\":\"bool\",\"value\":\"true\"}")
                    .contains("{\"key\":\"otel.status_description\",\"type\":\"string\",\"value\":\"boom\"}")
                    .doesNotContain("http.request.method");
            assertThat(doc.path("tag").path("http@request@method").asText()).isEqualTo("GET");
            assertThat(doc.path("logs").toString()).isEqualTo("[{\"timestamp\":" + (BASE_NANOS / 1_000 + 1)
                    + ",\"fields\":[{\"key\":\"event\",\"type\":\"string\",\"value\":\"retry\"},"
                    + "{\"key\":\"attempt\",\"type\":\"int64\",\"value\":\"2\"}]}]");
            assertThat(doc.path("process").path("serviceName").asText()).isEqualTo("frontend");
            assertThat(doc.path("process").path("tags").toString())
                    .contains("{\"key\":\"host.name\",\"type\":\"string\",\"value\":\"web-1\"}");

            JsonNode services = search("jaeger-service-2026-11-28");
            assertThat(services).hasSize(1);
            assertThat(services.get(0).path("_source").path("serviceName").asText()).isEqualTo("frontend");
            assertThat(services.get(0).path("_source").path("operationName").asText()).isEqualTo("HTTP GET /dispatch");
            // Found through the tag stored as a field, as Jaeger searches it.
            assertThat(store.traceReader().findTraceIds(new TraceQuery("frontend", null,
                    Map.of("http.request.method", "GET"), BASE_NANOS / 1_000 - 1, BASE_NANOS / 1_000 + 1,
                    0, Long.MAX_VALUE, 10))).containsExactly(TRACE);
        }
    }

    @Test
    void retention_deletesTheIndicesOfDaysThatEndedBeforeTheRetention() throws Exception {
        // Noon on 2026-11-29 with 48 h: everything that started before 2026-11-27T12:00 has expired.
        Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
        try (OpenSearchStorage store = OpenSearchStorage.open(TestStores.options(ENGINE)
                .retention(Duration.ofHours(48)).retentionCheckInterval(Duration.ofDays(1)).clock(clock).build())) {
            long nowMicros = clock.instant().toEpochMilli() * 1_000;
            TraceId old = TraceId.of(0, 1);
            TraceId dayBeforeCutoff = TraceId.of(0, 2);
            TraceId recent = TraceId.of(0, 3);
            store.spanWriter().write(List.of(
                    span(old, 1).startEpochNanos((nowMicros - 4 * DAY_MICROS) * 1_000).build(),
                    span(dayBeforeCutoff, 1).startEpochNanos((nowMicros - 2 * DAY_MICROS - 3_600_000_000L) * 1_000).build(),
                    span(recent, 1).startEpochNanos(nowMicros * 1_000).build()));
            assertThat(indices()).containsExactlyInAnyOrder("jaeger-span-2026-11-25", "jaeger-service-2026-11-25",
                    "jaeger-span-2026-11-27", "jaeger-service-2026-11-27", "jaeger-span-2026-11-29",
                    "jaeger-service-2026-11-29");

            assertThat(store.deleteExpiredIndices())
                    .containsExactlyInAnyOrder("jaeger-span-2026-11-25", "jaeger-service-2026-11-25");

            assertThat(indices()).containsExactlyInAnyOrder("jaeger-span-2026-11-27", "jaeger-service-2026-11-27",
                    "jaeger-span-2026-11-29", "jaeger-service-2026-11-29");
            assertThat(store.traceReader().getTrace(old)).isEmpty();
            assertThat(store.traceReader().getTrace(dayBeforeCutoff)).isPresent();
            assertThat(store.traceReader().getTrace(recent)).isPresent();
            assertThat(store.deleteExpiredIndices()).isEmpty();
        }
    }

    @Test
    void unreachableCluster_isUnhealthyAndRefusesWritesThenRecoversWithoutRestart() throws Exception {
        try (TogglingProxy proxy = new TogglingProxy(ENGINE.url());
             OpenSearchStorage store = OpenSearchStorage.open(OpenSearchStorageOptions.builder()
                     .addServerUrl(proxy.url())
                     .shards(1)
                     .replicas(0)
                     .refreshOnWrite(true)
                     .indexPrefix("flaky")
                     .requestTimeout(Duration.ofSeconds(10))
                     .build())) {
            Span first = span(TRACE, 1).build();
            assertThat(store.check().healthy()).isFalse();
            assertThatThrownBy(() -> store.spanWriter().write(List.of(first)))
                    .isInstanceOf(ClusterUnavailableException.class)
                    .hasMessageContaining("unreachable");

            proxy.up();
            assertThat(store.check().healthy()).isTrue();
            store.spanWriter().write(List.of(first));
            assertThat(store.traceReader().getTrace(TRACE).orElseThrow().spans()).containsExactly(first);
            assertThat(indices()).contains("flaky-jaeger-span-2026-11-28");

            proxy.down();
            assertThat(store.check().healthy()).isFalse();
            Span second = span(TRACE, 2).build();
            assertThatThrownBy(() -> store.spanWriter().write(List.of(second)))
                    .isInstanceOf(ClusterUnavailableException.class);

            proxy.up();
            store.spanWriter().write(List.of(second));
            assertThat(store.check().healthy()).isTrue();
            assertThat(store.traceReader().getTrace(TRACE).orElseThrow().spans()).containsExactly(first, second);
        }
    }

    @Test
    void getDependencies_readsJaegersDependencyDocumentsWhenTheyCoverTheWindow() throws Exception {
        try (OpenSearchStorage store = OpenSearchStorage.open(TestStores.options(ENGINE).build())) {
            // Spans that would give another graph: the documents of Jaeger's job win where they exist.
            store.spanWriter().write(List.of(span(TRACE, 1).build(),
                    span(TRACE, 2).parentSpanId(1).resource(TestSpans.CUSTOMER).build()));
            long endMicros = BASE_NANOS / 1_000 + 60_000_000L;
            assertThat(store.dependencyReader().getDependencies(endMicros, 3_600_000_000L))
                    .containsExactly(new DependencyLink("frontend", "customer", 1));

            index("jaeger-dependencies-2026-11-28", "{\"timestamp\":\"2026-11-28T11:30:00Z\",\"dependencies\":["
                    + "{\"parent\":\"frontend\",\"child\":\"driver\",\"callCount\":3,\"source\":\"jaeger\"},"
                    + "{\"parent\":\"driver\",\"child\":\"redis\",\"callCount\":14}]}");
            assertThat(store.dependencyReader().getDependencies(endMicros, 3_600_000_000L)).containsExactly(
                    new DependencyLink("driver", "redis", 14), new DependencyLink("frontend", "driver", 3));
            // Outside the documents' time the spans are counted again.
            assertThat(store.dependencyReader().getDependencies(endMicros, 60_000_001L))
                    .containsExactly(new DependencyLink("frontend", "customer", 1));
        }
    }

    @Test
    void getDependencies_readsAtMostTheCapOfSpans() {
        try (OpenSearchStorage store = OpenSearchStorage.open(TestStores.options(ENGINE).dependencyMaxSpans(2).build())) {
            store.spanWriter().write(List.of(span(TRACE, 1).build(),
                    span(TRACE, 2).parentSpanId(1).resource(TestSpans.CUSTOMER).startEpochNanos(BASE_NANOS + 1_000).build(),
                    span(TRACE, 3).parentSpanId(1).resource(TestSpans.CUSTOMER).startEpochNanos(BASE_NANOS + 2_000).build()));
            // The scan goes by start time: the root and the first child only.
            assertThat(store.dependencyReader().getDependencies(BASE_NANOS / 1_000 + 60_000_000L, 3_600_000_000L))
                    .containsExactly(new DependencyLink("frontend", "customer", 1));
        }
    }

    @Test
    void archive_keepsTracesInJaegersArchiveIndexApartFromTheDailyOnes() throws Exception {
        try (OpenSearchStorage daily = OpenSearchStorage.open(TestStores.options(ENGINE).build());
             OpenSearchStorage archive = OpenSearchStorage.open(TestStores.options(ENGINE).archive(true).build())) {
            Span archived = span(TRACE, 1).build();
            archive.spanWriter().write(List.of(archived));

            assertThat(indices()).containsExactly("jaeger-span-archive");
            assertThat(archive.traceReader().getTrace(TRACE).orElseThrow().spans()).containsExactly(archived);
            assertThat(daily.traceReader().getTrace(TRACE)).isEmpty();
            assertThat(daily.serviceCatalog().getServices()).isEmpty();
            // Archived traces never expire.
            assertThat(archive.deleteExpiredIndices()).isEmpty();
        }
    }

    private void index(String index, String document) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(ENGINE.url().resolve("/" + index + "/_doc?refresh=true"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(document)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private JsonNode search(String index) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(ENGINE.url().resolve("/" + index + "/_search")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("hits").path("hits");
    }

    private List<String> indices() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                ENGINE.url().resolve("/_cat/indices/*jaeger-*?format=json&h=index")).build(), HttpResponse.BodyHandlers.ofString());
        List<String> names = new java.util.ArrayList<>();
        JSON.readTree(response.body()).forEach(row -> names.add(row.path("index").asText()));
        return names;
    }
}

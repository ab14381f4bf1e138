package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.server.Server;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query API over real HTTP, as the Jaeger UI and Grafana call it. */
class QueryServiceIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TraceId TRACE = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
    /** Large enough that compressing its response is worth it. */
    private static final TraceId BIG_TRACE = TraceId.of(0, 0xb16);
    private static Server server;
    private static String base;

    @BeforeAll
    static void start() {
        InMemoryStorage storage = new InMemoryStorage(1000);
        Resource frontend = new Resource("frontend", List.of());
        Resource weird = new Resource("my service/v2", List.of());
        Resource bulk = new Resource("bulk", List.of());
        storage.write(List.of(
                Span.builder().traceId(TRACE).spanId(1).name("GET /dispatch").kind(SpanKind.SERVER).resource(frontend).build(),
                Span.builder().traceId(TRACE).spanId(2).parentSpanId(1).name("HTTP GET").kind(SpanKind.CLIENT).resource(frontend).build(),
                Span.builder().traceId(TRACE).spanId(3).parentSpanId(1).name("render").resource(frontend).build(),
                Span.builder().traceId(TraceId.of(0, 0xabc)).spanId(4).name("op").resource(weird).build()));
        for (int i = 0; i < 200; i++) {
            storage.write(List.of(Span.builder().traceId(BIG_TRACE).spanId(100 + i).name("step").resource(bulk).build()));
        }
        var sb = Server.builder().http(0);
        new QueryService(storage).bindTo(sb, "/");
        new QueryService(storage).bindTo(sb, "/jaeger");
        server = sb.build();
        server.start().join();
        base = "http://127.0.0.1:" + server.activeLocalPort();
    }

    @AfterAll
    static void stop() {
        server.stop().join();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void services_areSortedWithTotal() throws Exception {
        HttpResponse<String> response = get("/api/services");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"data\":[\"bulk\",\"frontend\",\"my service/v2\"],\"total\":3,\"limit\":0,\"offset\":0,\"errors\":null}");
    }

    @Test
    void serviceOperations_decodesThePathSegmentOnceAndListsEveryKind() throws Exception {
        assertThat(json(get("/api/services/frontend/operations")).get("data").toString())
                .isEqualTo("[\"GET /dispatch\",\"HTTP GET\",\"render\"]");
        assertThat(json(get("/api/services/my%20service%2Fv2/operations")).get("data").toString()).isEqualTo("[\"op\"]");
        assertThat(get("/api/services/nobody/operations").body()).contains("\"data\":[]");
    }

    @Test
    void operations_filtersByKindAndValidatesParameters() throws Exception {
        assertThat(json(get("/api/operations?service=frontend&spanKind=client")).get("data").toString())
                .isEqualTo("[{\"name\":\"HTTP GET\",\"spanKind\":\"client\"}]");
        assertThat(json(get("/api/operations?service=frontend")).get("data").toString()).contains("{\"name\":\"render\",\"spanKind\":\"\"}");
        HttpResponse<String> missing = get("/api/operations");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body().strip()).isEqualTo("{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":400,\"msg\":\"parameter 'service' is required\"}]}");
        HttpResponse<String> badKind = get("/api/operations?service=frontend&spanKind=sideways");
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(badKind.body()).contains("sideways");
    }

    @Test
    void trace_acceptsEveryIdFormAndAnswersErrorsInTheEnvelope() throws Exception {
        assertThat(json(get("/api/traces/4BF92F3577B34DA6A3CE929D0E0E4736")).get("data").get(0).get("spans")).hasSize(3);
        assertThat(json(get("/api/traces/abc")).get("data").get(0).get("traceID").asText()).isEqualTo("0000000000000abc");
        assertThat(get("/api/traces/00000000000000000000000000000abc").statusCode()).isEqualTo(200);
        HttpResponse<String> notFound = get("/api/traces/123");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(json(notFound).get("errors").toString()).isEqualTo("[{\"code\":404,\"msg\":\"trace not found\"}]");
        HttpResponse<String> tooLong = get("/api/traces/" + "1".repeat(33));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("TraceID cannot be longer than 32 hex characters");
        assertThat(get("/api/no-such-endpoint").statusCode()).isEqualTo(404);
    }

    @Test
    void prettyPrintIndentsAndGzipIsUsedWhenAsked() throws Exception {
        assertThat(get("/api/services?prettyPrint=true").body()).contains("\n    \"data\"");
        assertThat(get("/api/services?prettyPrint=false").body()).doesNotContain("\n");
        HttpResponse<byte[]> gzipped = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/traces/" + BIG_TRACE.toHex()))
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.headers().firstValue("content-encoding")).hasValue("gzip");
        String body = new String(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(JSON.readTree(body).get("data").get(0).get("spans")).hasSize(200);
    }

    @Test
    void basePath_mountsEveryRouteUnderIt() throws Exception {
        assertThat(get("/jaeger/api/services").statusCode()).isEqualTo(200);
        assertThat(get("/jaeger/api/traces/" + TRACE.toHex()).statusCode()).isEqualTo(200);
    }
}

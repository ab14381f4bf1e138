package io.sightline.server;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.sightline.server.config.Setting;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication on: the query API and every other path of the query port refuse requests
 * without valid credentials (401, none or wrong), accept a bearer token or a basic user; the
 * admin port keeps health and metrics open but guards writes; ingest needs a tenant token, which
 * the OpenTelemetry SDK exporter sends as a header.
 */
class AuthServerIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static Path queryTokens;
    private static AllInOneServer server;

    @BeforeAll
    static void start() throws Exception {
        queryTokens = Files.writeString(dir.resolve("query-tokens"), "# readers\ngrafana:reader-token\n");
        Path users = Files.writeString(dir.resolve("users"), "alice:wonderland\nbob:sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("builder".getBytes(StandardCharsets.UTF_8)))
                + "\n");
        Path adminTokens = Files.writeString(dir.resolve("admin-tokens"), "ops-token\n");
        Path ingestTokens = Files.writeString(dir.resolve("ingest-tokens"), "team-a:ingest-a\nteam-b:ingest-b\n");
        server = AllInOneServer.start(TestServers.config(dir.resolve("data"))
                // The authorised backup below really runs: keep it out of the working directory.
                .with(Setting.BACKUP_DIR, dir.resolve("backups").toString())
                .with(Setting.QUERY_AUTH_TOKENS_FILE, queryTokens.toString())
                .with(Setting.QUERY_AUTH_USERS_FILE, users.toString())
                .with(Setting.ADMIN_AUTH_TOKENS_FILE, adminTokens.toString())
                .with(Setting.INGEST_AUTH_TOKENS_FILE, ingestTokens.toString()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void queryPort_refusesMissingAndWrongCredentials_onEveryPath() throws Exception {
        for (String path : new String[] {"/api/services", "/api/traces/abc", "/", "/search", "/api/unknown"}) {
            HttpResponse<String> none = get(server.queryPort(), path, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().allValues("www-authenticate")).as(path)
                    .anySatisfy(v -> assertThat(v).startsWith("Bearer")).anySatisfy(v -> assertThat(v).startsWith("Basic"));
            assertThat(none.body()).contains("\"code\":401");
            assertThat(get(server.queryPort(), path, "Bearer wrong-token").statusCode()).as(path).isEqualTo(401);
            assertThat(get(server.queryPort(), path, basic("alice", "wrong")).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get(server.queryPort(), "/api/services", "Bearer grafana:reader-token").statusCode()).isEqualTo(401);
    }

    @Test
    void queryPort_acceptsABearerTokenAndBothKindsOfUser() throws Exception {
        assertThat(get(server.queryPort(), "/api/services", "Bearer reader-token").statusCode()).isEqualTo(200);
        assertThat(get(server.queryPort(), "/api/services", basic("alice", "wonderland")).statusCode()).isEqualTo(200);
        assertThat(get(server.queryPort(), "/api/services", basic("bob", "builder")).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenFileChanges_takeEffectWithoutARestart() throws Exception {
        Files.writeString(queryTokens, "grafana:reader-token\nnew-token\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (get(server.queryPort(), "/api/services", "Bearer new-token").statusCode() != 200) {
            assertThat(System.nanoTime()).as("new token accepted within 10 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        Files.writeString(queryTokens, "new-token\n");
        while (get(server.queryPort(), "/api/services", "Bearer reader-token").statusCode() != 401) {
            assertThat(System.nanoTime()).as("revoked token refused within 10 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        // Restore the file for the other tests, and wait until the server sees it.
        Files.writeString(queryTokens, "grafana:reader-token\n");
        while (get(server.queryPort(), "/api/services", "Bearer reader-token").statusCode() != 200) {
            assertThat(System.nanoTime()).as("restored token accepted within 10 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void adminPort_keepsProbesAndMetricsOpen_butGuardsWrites() throws Exception {
        assertThat(get(server.adminPort(), "/", null).statusCode()).isEqualTo(200);
        assertThat(get(server.adminPort(), "/metrics", null).statusCode()).isEqualTo(200);
        assertThat(post(server.adminPort(), "/admin/backup", null, "").statusCode()).isEqualTo(401);
        assertThat(post(server.adminPort(), "/admin/backup", "Bearer wrong", "").statusCode()).isEqualTo(401);
        // With the token the request reaches the admin routes (which answer for themselves).
        assertThat(post(server.adminPort(), "/admin/backup", "Bearer ops-token", "").statusCode()).isNotEqualTo(401);
        assertThat(get(server.adminPort(), "/metrics", null).body())
                .contains("sightline_auth_refused_requests_total{listener=\"SIGHTLINE_ADMIN_HOST_PORT\"} 2.0");
    }

    @Test
    void ingest_needsATenantToken_theOtelExporterSendsIt() throws Exception {
        String body = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"no-token-svc\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":"
                + "\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"0000000000000001\",\"name\":\"op\","
                + "\"startTimeUnixNano\":\"1700000000000000000\",\"endTimeUnixNano\":\"1700000000001000000\"}]}]}]}";
        assertThat(post(server.otlpHttpPort(), "/v1/traces", null, body).statusCode()).isEqualTo(401);
        assertThat(post(server.otlpHttpPort(), "/v1/traces", "Bearer team-a:ingest-a", body).statusCode()).isEqualTo(401);
        assertThat(post(server.zipkinPort(), "/api/v2/spans", "Bearer nope", "[]").statusCode()).isEqualTo(401);

        SpanExporter noToken = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort()).build();
        assertThat(export(noToken, "grpc-no-token")).isFalse();
        SpanExporter withToken = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort())
                .addHeader("Authorization", "Bearer ingest-b").build();
        assertThat(export(withToken, "grpc-team-b")).isTrue();

        String services = get(server.queryPort(), "/api/services", "Bearer reader-token").body();
        assertThat(services).contains("grpc-team-b").doesNotContain("no-token-svc").doesNotContain("grpc-no-token");
    }

    private static boolean export(SpanExporter exporter, String service) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(stringKey("service.name"), service)))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        provider.get("auth-it").spanBuilder("op").startSpan().end();
        CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
        provider.shutdown().join(10, TimeUnit.SECONDS);
        return flushed.isSuccess();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(int port, String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String authorization, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

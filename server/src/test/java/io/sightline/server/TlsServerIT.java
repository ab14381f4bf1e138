package io.sightline.server;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.sightline.server.config.ConfigException;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with the settings a Jaeger user already has: the OpenTelemetry SDK exporters reach the
 * OTLP receivers over TLS, the query API answers over HTTPS, a client that does not trust the
 * certificate or lacks a required client certificate is refused, and a renewed certificate is
 * served without a restart.
 */
class TlsServerIT {
    private static final long RELOAD_INTERVAL_MS = 200;

    @TempDir
    static Path dir;
    private static TestCertificates.Pem serverPem;
    private static TestCertificates.Pem clientPem;
    private static AllInOneServer server;

    @BeforeAll
    static void start() {
        serverPem = TestCertificates.write(dir.resolve("certs"), "server");
        clientPem = TestCertificates.write(dir.resolve("certs"), "client");
        SightlineConfig config = TestServers.config(dir.resolve("data"))
                .with(Setting.TLS_RELOAD_INTERVAL_MS, Long.toString(RELOAD_INTERVAL_MS));
        for (String prefix : new String[] {"OTLP_GRPC", "OTLP_HTTP", "QUERY_HTTP"}) {
            config = config.with(Setting.valueOf(prefix + "_TLS_ENABLED"), "true")
                    .with(Setting.valueOf(prefix + "_TLS_CERT"), serverPem.certificate().toString())
                    .with(Setting.valueOf(prefix + "_TLS_KEY"), serverPem.privateKey().toString());
        }
        // The OTLP/HTTP receiver also requires client certificates signed by the client's CA.
        config = config.with(Setting.OTLP_HTTP_TLS_CLIENT_CA, clientPem.certificate().toString());
        server = AllInOneServer.start(config);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void otelSdkGrpcExporterWithTls_spanIsStored_andReadBackOverHttps() throws Exception {
        SpanExporter exporter = OtlpGrpcSpanExporter.builder()
                .setEndpoint("https://localhost:" + server.otlpGrpcPort())
                .setTrustedCertificates(serverPem.certificateBytes())
                .build();
        String traceId = sendOneSpan(exporter, "tls-grpc");

        HttpResponse<String> response = httpsGet(TestCertificates.clientContext(serverPem.keyPair(), null),
                server.queryPort(), "/api/traces/" + traceId);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("tls-grpc");
    }

    @Test
    void otelSdkHttpExporterWithClientCertificate_isAccepted_andWithoutOneIsRefused() throws Exception {
        SpanExporter withCert = OtlpHttpSpanExporter.builder()
                .setEndpoint("https://localhost:" + server.otlpHttpPort() + "/v1/traces")
                .setTrustedCertificates(serverPem.certificateBytes())
                .setClientTls(clientPem.privateKeyBytes(), clientPem.certificateBytes())
                .build();
        String traceId = sendOneSpan(withCert, "tls-http-mtls");
        assertThat(httpsGet(TestCertificates.clientContext(serverPem.keyPair(), null), server.queryPort(),
                "/api/traces/" + traceId).body()).contains("tls-http-mtls");

        SSLContext noClientCert = TestCertificates.clientContext(serverPem.keyPair(), null);
        assertThatThrownBy(() -> httpsPost(noClientCert, server.otlpHttpPort(), "/v1/traces"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void clientWithoutTheCa_isRefused_andPlainHttpGetsNoAnswer() throws Exception {
        SSLContext trustsOtherCertificate = TestCertificates.clientContext(clientPem.keyPair(), null);
        assertThatThrownBy(() -> httpsGet(trustsOtherCertificate, server.queryPort(), "/api/services"))
                .isInstanceOf(SSLException.class);
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + server.queryPort() + "/api/services")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void renewedCertificate_isServedWithoutARestart() throws Exception {
        Path renewedDir = dir.resolve("renewed");
        TestCertificates.Pem renewed = TestCertificates.write(renewedDir, "server");
        try (AllInOneServer own = AllInOneServer.start(TestServers.config(dir.resolve("data-renew"))
                .with(Setting.TLS_RELOAD_INTERVAL_MS, Long.toString(RELOAD_INTERVAL_MS))
                .with(Setting.ADMIN_TLS_ENABLED, "true")
                .with(Setting.ADMIN_TLS_CERT, copy(serverPem.certificate(), dir.resolve("live.crt")).toString())
                .with(Setting.ADMIN_TLS_KEY, copy(serverPem.privateKey(), dir.resolve("live.key")).toString()))) {
            SSLContext trustsOld = TestCertificates.clientContext(serverPem.keyPair(), null);
            SSLContext trustsNew = TestCertificates.clientContext(renewed.keyPair(), null);
            assertThat(httpsGet(trustsOld, own.adminPort(), "/").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> httpsGet(trustsNew, own.adminPort(), "/")).isInstanceOf(SSLException.class);

            copy(renewed.privateKey(), dir.resolve("live.key"));
            copy(renewed.certificate(), dir.resolve("live.crt"));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try {
                    // A new client each time: a cached TLS session would skip the handshake.
                    assertThat(httpsGet(trustsNew, own.adminPort(), "/").statusCode()).isEqualTo(200);
                    break;
                } catch (SSLException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(RELOAD_INTERVAL_MS);
                }
            }
        }
    }

    @Test
    void tlsWithoutACertificate_stopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> AllInOneServer.start(TestServers.config(dir.resolve("data-bad"))
                .with(Setting.ZIPKIN_TLS_ENABLED, "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SIGHTLINE_ZIPKIN_TLS_CERT is required when SIGHTLINE_ZIPKIN_TLS_ENABLED=true");
        assertThatThrownBy(() -> AllInOneServer.start(TestServers.config(dir.resolve("data-bad2"))
                .with(Setting.ZIPKIN_TLS_ENABLED, "true")
                .with(Setting.ZIPKIN_TLS_CERT, dir.resolve("missing.crt").toString())
                .with(Setting.ZIPKIN_TLS_KEY, serverPem.privateKey().toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SIGHTLINE_ZIPKIN_TLS_CERT: cannot read")
                .hasMessageContaining("missing.crt");
        assertThatThrownBy(() -> AllInOneServer.start(TestServers.config(dir.resolve("data-bad3"))
                .with(Setting.ZIPKIN_TLS_ENABLED, "true")
                .with(Setting.ZIPKIN_TLS_CERT, serverPem.privateKey().toString())
                .with(Setting.ZIPKIN_TLS_KEY, serverPem.privateKey().toString())))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("TLS for SIGHTLINE_ZIPKIN_HOST_PORT: cannot load the key pair");
    }

    private static String sendOneSpan(SpanExporter exporter, String service) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(stringKey("service.name"), service)))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        var span = provider.get("tls-it").spanBuilder("secure-op").startSpan();
        String traceId = span.getSpanContext().getTraceId();
        span.end();
        CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
        assertThat(flushed.isSuccess()).as("export over TLS succeeded").isTrue();
        provider.shutdown().join(10, TimeUnit.SECONDS);
        return traceId;
    }

    private static Path copy(Path from, Path to) throws IOException {
        Path temporary = Files.createTempFile(to.getParent(), "swap", ".pem");
        Files.copy(from, temporary, StandardCopyOption.REPLACE_EXISTING);
        // An atomic rename, as a Kubernetes secret update or cert-manager does.
        return Files.move(temporary, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static HttpResponse<String> httpsGet(SSLContext context, int port, String path)
            throws IOException, InterruptedException {
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> httpsPost(SSLContext context, int port, String path)
            throws IOException, InterruptedException {
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

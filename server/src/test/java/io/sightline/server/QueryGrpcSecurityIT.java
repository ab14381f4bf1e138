package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClientBuilder;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.sightline.query.proto.v2.GetServicesRequest;
import io.sightline.query.proto.v2.QueryServiceGrpc;
import io.sightline.server.config.ConfigException;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC query port with TLS and query authentication on, through a real grpc-java client;
 * and the TLS version and cipher-suite settings on the listeners: a client limited to TLS 1.2 is
 * refused where 1.3 is the minimum, a cipher restriction is what gets negotiated, and a bad
 * value stops start-up naming the setting.
 */
class QueryGrpcSecurityIT {
    private static final String TOKEN = "grpc-reader-token";

    @TempDir
    static Path dir;
    private static TestCertificates.Pem serverPem;
    private static AllInOneServer server;
    private static ClientFactory trusting;
    /** The TLS 1.2 suite the query HTTP port is limited to, matching the certificate's key type. */
    private static String allowedSuite;
    private static String otherSuite;

    @BeforeAll
    static void start() throws IOException {
        serverPem = TestCertificates.write(dir.resolve("certs"), "server");
        boolean rsa = serverPem.keyPair().privateKey().getAlgorithm().equals("RSA");
        allowedSuite = rsa ? "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" : "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
        otherSuite = rsa ? "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" : "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        Path tokens = Files.writeString(dir.resolve("tokens"), TOKEN + "\n");
        Path users = Files.writeString(dir.resolve("users"), "alice:wonderland\n");
        SightlineConfig config = TestServers.config(dir.resolve("data"))
                .with(Setting.QUERY_AUTH_TOKENS_FILE, tokens.toString())
                .with(Setting.QUERY_AUTH_USERS_FILE, users.toString());
        for (String prefix : new String[] {"QUERY_GRPC", "QUERY_HTTP"}) {
            config = config.with(Setting.valueOf(prefix + "_TLS_ENABLED"), "true")
                    .with(Setting.valueOf(prefix + "_TLS_CERT"), serverPem.certificate().toString())
                    .with(Setting.valueOf(prefix + "_TLS_KEY"), serverPem.privateKey().toString());
        }
        server = AllInOneServer.start(config
                .with(Setting.QUERY_GRPC_TLS_MIN_VERSION, "1.3")
                .with(Setting.QUERY_HTTP_TLS_MAX_VERSION, "1.2")
                .with(Setting.QUERY_HTTP_TLS_CIPHER_SUITES, allowedSuite));
        trusting = ClientFactory.builder()
                .tlsCustomizer(tls -> tls.trustManager(serverPem.keyPair().certificateChain().get(0)))
                .build();
    }

    @AfterAll
    static void stop() {
        if (trusting != null) {
            trusting.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static <T> T client(Class<T> stub, String authorization) {
        GrpcClientBuilder builder = GrpcClients.builder("https://localhost:" + server.queryGrpcPort()).factory(trusting);
        if (authorization != null) {
            builder.addHeader("authorization", authorization);
        }
        return builder.build(stub);
    }

    private static void assertCode(Runnable call, Status.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
    }

    @Test
    void grpcOverTls_withTheBearerTokenOrUser_isAnswered() {
        assertThat(client(QueryServiceGrpc.QueryServiceBlockingStub.class, "Bearer " + TOKEN)
                .getServices(GetServicesRequest.getDefaultInstance()).getServicesList()).isNotNull();
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:wonderland".getBytes(StandardCharsets.UTF_8));
        assertThat(client(io.sightline.query.proto.v3.QueryServiceGrpc.QueryServiceBlockingStub.class, basic)
                .getServices(io.sightline.query.proto.v3.GetServicesRequest.getDefaultInstance()).getServicesList())
                .isNotNull();
    }

    @Test
    void missingOrWrongCredentials_areUnauthenticated_butHealthStaysOpen() {
        assertCode(() -> client(QueryServiceGrpc.QueryServiceBlockingStub.class, null)
                .getServices(GetServicesRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED);
        assertCode(() -> client(QueryServiceGrpc.QueryServiceBlockingStub.class, "Bearer wrong")
                .getServices(GetServicesRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED);

        assertThat(client(HealthGrpc.HealthBlockingStub.class, null).check(HealthCheckRequest.getDefaultInstance())
                .getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void plaintextClient_getsNoAnswerFromTheTlsPort() {
        QueryServiceGrpc.QueryServiceBlockingStub plaintext = GrpcClients.builder(
                        "http://localhost:" + server.queryGrpcPort())
                .addHeader("authorization", "Bearer " + TOKEN).build(QueryServiceGrpc.QueryServiceBlockingStub.class);

        // The TLS port cannot read the cleartext request: the call fails before any service sees it.
        assertThatThrownBy(() -> plaintext.getServices(GetServicesRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isIn(Status.Code.UNAVAILABLE, Status.Code.UNKNOWN));
    }

    @Test
    void minVersion13_refusesATls12OnlyClient_andAcceptsTls13() throws IOException {
        assertThatThrownBy(() -> handshake(server.queryGrpcPort(), s -> s.setEnabledProtocols(new String[] {"TLSv1.2"})))
                .isInstanceOf(SSLException.class);

        assertThat(handshake(server.queryGrpcPort(), s -> s.setEnabledProtocols(new String[] {"TLSv1.3"})))
                .isEqualTo("TLSv1.3");
    }

    @Test
    void cipherSuiteRestriction_isWhatTheHandshakeNegotiates() throws IOException {
        assertThatThrownBy(() -> handshake(server.queryPort(), s -> {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            s.setEnabledCipherSuites(new String[] {otherSuite});
        })).isInstanceOf(SSLException.class);

        SSLSocket socket = open(server.queryPort(), s -> {
            s.setEnabledProtocols(new String[] {"TLSv1.2", "TLSv1.3"});
            s.setEnabledCipherSuites(new String[] {otherSuite, allowedSuite, "TLS_AES_128_GCM_SHA256"});
        });
        try (socket) {
            // The server's maximum is TLS 1.2, and of the client's offer it takes only the allowed suite.
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(socket.getSession().getCipherSuite()).isEqualTo(allowedSuite);
        }
    }

    @Test
    void badVersionOrCipherValues_stopStartUpNamingTheSetting() {
        assertThatThrownBy(() -> AllInOneServer.start(TestServers.config(dir.resolve("bad1"))
                .with(Setting.ADMIN_TLS_MIN_VERSION, "1.1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SIGHTLINE_ADMIN_TLS_MIN_VERSION: unsupported TLS version '1.1'");
        assertThatThrownBy(() -> AllInOneServer.start(TestServers.config(dir.resolve("bad2"))
                .with(Setting.OTLP_GRPC_TLS_MIN_VERSION, "1.3").with(Setting.OTLP_GRPC_TLS_MAX_VERSION, "1.2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SIGHTLINE_OTLP_GRPC_TLS_MIN_VERSION: 1.3 is above SIGHTLINE_OTLP_GRPC_TLS_MAX_VERSION");
        assertThatThrownBy(() -> AllInOneServer.start(TestServers.config(dir.resolve("bad3"))
                .with(Setting.QUERY_GRPC_TLS_CIPHER_SUITES, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_NOT_A_SUITE")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SIGHTLINE_QUERY_GRPC_TLS_CIPHER_SUITES: unknown or unsupported cipher suite "
                        + "'TLS_NOT_A_SUITE'");
    }

    private static String handshake(int port, Consumer<SSLSocket> configure) throws IOException {
        try (SSLSocket socket = open(port, configure)) {
            return socket.getSession().getProtocol();
        }
    }

    /** A JDK TLS client socket that trusts the server's certificate, handshake done. */
    private static SSLSocket open(int port, Consumer<SSLSocket> configure) throws IOException {
        SSLContext context = TestCertificates.clientContext(serverPem.keyPair(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
        try {
            socket.setSoTimeout(5_000);
            configure.accept(socket);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}

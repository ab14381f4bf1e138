package io.sightline.storage.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sightline.core.storage.CallerAuthorization;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests carry the configured user, or the caller's token while a query forwards it. */
class ClusterClientAuthorizationTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cluster.createContext("/", exchange -> {
            seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        cluster.start();
    }

    @AfterEach
    void stop() {
        cluster.stop(0);
    }

    private ClusterClient client(boolean withUser) {
        OpenSearchStorageOptions.Builder options = OpenSearchStorageOptions.builder()
                .serverUrls("http://127.0.0.1:" + cluster.getAddress().getPort());
        if (withUser) {
            options.credentials("sightline", "secret");
        }
        return new ClusterClient(options.build());
    }

    @Test
    void theCallersTokenReplacesTheConfiguredUser_onlyWhileTheReadRuns() {
        ClusterClient client = client(true);
        client.get("/a");
        CallerAuthorization.with("Bearer user-token", () -> client.get("/b"));
        client.get("/c");
        ClusterClient anonymous = client(false);
        anonymous.get("/d");
        CallerAuthorization.with("Bearer other", () -> anonymous.get("/e"));

        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("sightline:secret".getBytes(StandardCharsets.UTF_8));
        assertThat(seen).containsExactly(basic, "Bearer user-token", basic, "null", "Bearer other");
    }
}

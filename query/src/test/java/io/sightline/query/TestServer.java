package io.sightline.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;

/** A real Armeria server on an ephemeral port serving {@link QueryService}, and a JDK client for it. */
final class TestServer implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final Server server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestServer(Server server) {
        this.server = server;
    }

    /** @param routes binds one or more {@link QueryService}s, and whatever else the test needs */
    static TestServer start(Consumer<ServerBuilder> routes) {
        ServerBuilder sb = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0);
        routes.accept(sb);
        Server server = sb.build();
        server.start().join();
        return new TestServer(server);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.activeLocalPort() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop().join();
    }
}

package io.sightline.storage.opensearch;

import io.sightline.core.storage.CallerAuthorization;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.core.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * JSON over HTTP to one cluster, with the JDK's client: endpoints taken in turn, the next one
 * tried when one cannot be reached.
 */
final class ClusterClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final List<URI> endpoints;
    private final String authorization;
    private final Duration timeout;
    private final AtomicInteger next = new AtomicInteger();

    /** A response whose body was parsed as JSON ({@code null} when it was empty). */
    record Response(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    ClusterClient(OpenSearchStorageOptions options) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1);
        if (options.skipTlsVerify() || options.caCertificate() != null) {
            builder.sslContext(sslContext(options));
        }
        this.http = builder.build();
        this.endpoints = options.serverUrls();
        this.timeout = options.requestTimeout();
        this.authorization = options.username().isEmpty() ? null : "Basic " + Base64.getEncoder().encodeToString(
                (options.username() + ":" + options.password()).getBytes(StandardCharsets.UTF_8));
    }

    Response get(String path) {
        return send("GET", path, null, null);
    }

    Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    Response json(String method, String path, JsonNode body) {
        try {
            return send(method, path, JSON.writeValueAsBytes(body), "application/json");
        } catch (IOException e) {
            throw new StorageException("cannot encode request to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Sends {@code body} (may be {@code null}); throws {@link ClusterUnavailableException} when no endpoint answered. */
    Response send(String method, String path, byte[] body, String contentType) {
        IOException last = null;
        for (int attempt = 0; attempt < endpoints.size(); attempt++) {
            URI endpoint = endpoints.get(Math.floorMod(next.getAndIncrement(), endpoints.size()));
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path))
                    .timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            // A query forwarding its caller's token (QUERY_BEARER_TOKEN_PROPAGATION) is run as that
            // caller; everything else uses the configured user.
            String caller = CallerAuthorization.current();
            if (caller != null) {
                request.header("Authorization", caller);
            } else if (authorization != null) {
                request.header("Authorization", authorization);
            }
            try {
                HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    byte[] bytes = in.readAllBytes();
                    JsonNode json = bytes.length == 0 ? null : parse(bytes);
                    return new Response(response.statusCode(), json);
                }
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterUnavailableException("interrupted while waiting for " + method + " " + path, e);
            }
        }
        throw new ClusterUnavailableException("cluster unreachable at " + endpoints + ": " + last, last);
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            // Proxies answer errors in HTML: keep the text so that the error message can show it.
            return JSON.getNodeFactory().textNode(new String(bytes, 0, Math.min(bytes.length, 500), StandardCharsets.UTF_8));
        }
    }

    /** A short description of a failed response, for error messages. */
    static String describe(String what, Response response) {
        String body = response.body() == null ? "" : response.body().toString();
        if (body.length() > 500) {
            body = body.substring(0, 500) + "…";
        }
        return what + ": HTTP " + response.status() + " " + body;
    }

    /** Throws the right exception for a failed response: retryable for overload and unavailability. */
    static StorageException failure(String what, Response response) {
        int status = response.status();
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            return new ClusterUnavailableException(describe(what, response));
        }
        return new StorageException(describe(what, response));
    }

    private static SSLContext sslContext(OpenSearchStorageOptions options) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager[] trust;
            if (options.skipTlsVerify()) {
                trust = new TrustManager[] {new TrustAll()};
                // The JDK client checks host names unless told not to, for the whole process.
                System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
            } else {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                try (InputStream in = Files.newInputStream(options.caCertificate())) {
                    int i = 0;
                    for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + i++, certificate);
                    }
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                trust = factory.getTrustManagers();
            }
            context.init(null, trust, new SecureRandom());
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS CA " + options.caCertificate() + ": " + e.getMessage(), e);
        }
    }

    /** Accepts every certificate: only for {@code skipTlsVerify}. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

package io.sightline.server.auth;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.server.StartupException;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Refuses, with 401, requests to one listener that carry no valid bearer token or user. Which
 * requests need credentials depends on the listener: every request to the query API and UI;
 * writes only on the admin port (so that probes and Prometheus keep working) and on the ingest
 * ports (so that sampling clients and gRPC health checks keep working).
 */
public final class RequireAuth implements DecoratingHttpServiceFunction {
    private static final String GRPC_HEALTH_PREFIX = "/grpc.health.v1.Health/";
    private static final int GRPC_UNAUTHENTICATED = 16;
    private static final String UNAUTHORIZED_BODY = "{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,"
            + "\"errors\":[{\"code\":401,\"msg\":\"unauthorized: send a valid bearer token or user\"}]}";

    private final Credentials credentials;
    private final Predicate<RequestHeaders> needsCredentials;
    private final CounterDataPoint refused;
    /** A gRPC-only listener answers refusals as gRPC does: UNAUTHENTICATED in a trailers-only response. */
    private final boolean grpcOnly;

    private RequireAuth(Credentials credentials, Predicate<RequestHeaders> needsCredentials, CounterDataPoint refused,
                        boolean grpcOnly) {
        this.credentials = credentials;
        this.needsCredentials = needsCredentials;
        this.refused = refused;
        this.grpcOnly = grpcOnly;
    }

    /** Registers the refusal counter every listener's authentication counts into. */
    public static Counter registerRefusals(PrometheusRegistry registry) {
        return Counter.builder()
                .name("sightline_auth_refused_requests_total")
                .help("Requests refused with 401 for lacking valid credentials, by listener")
                .labelNames("listener").register(registry);
    }

    /**
     * The authentication configured for the listener at {@code address}, empty when none is.
     *
     * @throws StartupException when a credentials file cannot be read
     */
    public static Optional<RequireAuth> forListener(SightlineConfig config, Setting address, Counter refusals) {
        Credentials credentials;
        Predicate<RequestHeaders> needsCredentials;
        switch (address) {
            case QUERY_HTTP_HOST_PORT -> {
                credentials = credentials(config, Setting.QUERY_AUTH_TOKENS_FILE, Setting.QUERY_AUTH_USERS_FILE);
                needsCredentials = headers -> true;
            }
            case QUERY_GRPC_HOST_PORT -> {
                // The same credentials as the HTTP query API, in the "authorization" metadata; health
                // checks stay open so that probes need none.
                credentials = credentials(config, Setting.QUERY_AUTH_TOKENS_FILE, Setting.QUERY_AUTH_USERS_FILE);
                needsCredentials = headers -> !headers.path().startsWith(GRPC_HEALTH_PREFIX);
            }
            case ADMIN_HOST_PORT -> {
                credentials = credentials(config, Setting.ADMIN_AUTH_TOKENS_FILE, Setting.ADMIN_AUTH_USERS_FILE);
                needsCredentials = RequireAuth::isWrite;
            }
            case OTLP_GRPC_HOST_PORT, OTLP_HTTP_HOST_PORT, JAEGER_GRPC_HOST_PORT, JAEGER_HTTP_HOST_PORT, ZIPKIN_HOST_PORT -> {
                credentials = credentials(config, Setting.INGEST_AUTH_TOKENS_FILE, null);
                needsCredentials = headers -> isWrite(headers) && !headers.path().startsWith(GRPC_HEALTH_PREFIX);
            }
            default -> {
                return Optional.empty();
            }
        }
        if (!credentials.isEnabled()) {
            return Optional.empty();
        }
        return Optional.of(new RequireAuth(credentials, needsCredentials, refusals.labelValues(address.envName()),
                address == Setting.QUERY_GRPC_HOST_PORT));
    }

    private static boolean isWrite(RequestHeaders headers) {
        HttpMethod method = headers.method();
        return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
    }

    private static Credentials credentials(SightlineConfig config, Setting tokens, Setting users) {
        return new Credentials(file(config, tokens), users == null ? Optional.empty() : file(config, users));
    }

    private static Optional<CredentialsFile> file(SightlineConfig config, Setting setting) {
        String value = config.raw(setting).trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CredentialsFile(Path.of(value)));
        } catch (IOException e) {
            throw new StartupException(setting.envName() + ": cannot read '" + value + "': " + e.getMessage(), e);
        }
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        if (!needsCredentials.test(req.headers()) || credentials.accepts(req.headers())) {
            return delegate.serve(ctx, req);
        }
        refused.inc();
        if (grpcOnly) {
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
                    .contentType(MediaType.parse("application/grpc"))
                    .add("grpc-status", Integer.toString(GRPC_UNAUTHENTICATED))
                    .add("grpc-message", "unauthorized: send a valid bearer token or user in the authorization metadata")
                    .build());
        }
        ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.UNAUTHORIZED).contentType(MediaType.JSON)
                .add("www-authenticate", "Bearer realm=\"sightline\"");
        if (credentials.offersBasic()) {
            headers.add("www-authenticate", "Basic realm=\"sightline\", charset=\"UTF-8\"");
        }
        return HttpResponse.of(headers.build(), com.linecorp.armeria.common.HttpData.ofUtf8(UNAUTHORIZED_BODY));
    }
}

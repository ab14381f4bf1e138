package io.sightline.server.admin;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.core.storage.HealthStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The admin port, as Jaeger's: {@code /} answers the health check (200 when ready, 503 when
 * not), {@code /metrics} the Prometheus text exposition (OpenMetrics, with exemplars, when the
 * scraper's {@code Accept} asks for {@code application/openmetrics-text}), {@code /version} the
 * build, and {@code /ready} and {@code /live} the Kubernetes probes.
 */
public final class AdminService {
    private static final String NOT_READY_BODY =
            "{\"status\":\"Server not available\",\"upSince\":\"0001-01-01T00:00:00Z\",\"uptime\":\"\"}";

    private final HealthState health;
    private final PrometheusRegistry registry;
    private final BuildInfo build;
    private final Clock clock;
    private Supplier<HealthStatus> storageHealth = () -> HealthStatus.OK;
    private final PrometheusTextFormatWriter textWriter = PrometheusTextFormatWriter.create();
    private final OpenMetricsTextFormatWriter openMetricsWriter = OpenMetricsTextFormatWriter.create();

    public AdminService(HealthState health, PrometheusRegistry registry, BuildInfo build, Clock clock) {
        this.health = Objects.requireNonNull(health, "health");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.build = Objects.requireNonNull(build, "build");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void bindTo(ServerBuilder sb) {
        sb.service("/", (ctx, req) -> health());
        sb.service("/metrics", (ctx, req) -> {
            ExpositionFormatWriter writer = writerFor(req.headers().get(HttpHeaderNames.ACCEPT));
            return HttpResponse.of(() -> metrics(writer), ctx.blockingTaskExecutor());
        });
        sb.service("/version", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON, build.toJson()));
        // Kubernetes probes: readiness follows the health check; liveness only says the process
        // answers, so that a slow start or a drain never gets the pod killed.
        sb.service("/ready", (ctx, req) -> health.upSince() == null
                ? HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.JSON, "{\"status\":\"not ready\"}")
                : HttpResponse.of(this::ready, ctx.blockingTaskExecutor()));
        sb.service("/live", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON, "{\"status\":\"alive\"}"));
    }

    /**
     * Also asks the span storage, so that a pod whose storage cluster is unreachable is taken out
     * of service (it would only answer ingest with retryable errors) until the cluster is back.
     */
    public AdminService storageHealth(Supplier<HealthStatus> storageHealth) {
        this.storageHealth = Objects.requireNonNull(storageHealth, "storageHealth");
        return this;
    }

    private HttpResponse ready() {
        HealthStatus storage = storageHealth.get();
        if (!storage.healthy()) {
            return HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.JSON, "{\"status\":\"not ready\",\"storage\":\""
                    + new String(JsonStringEncoder.getInstance().quoteAsString(storage.message())) + "\"}");
        }
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON, "{\"status\":\"ready\"}");
    }

    HttpResponse health() {
        Instant upSince = health.upSince();
        if (upSince == null) {
            return HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.JSON, NOT_READY_BODY);
        }
        String uptime = GoDurations.format(Duration.between(upSince, clock.instant()).toNanos());
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON, "{\"status\":\"Server available\",\"upSince\":\""
                + DateTimeFormatter.ISO_INSTANT.format(upSince.truncatedTo(ChronoUnit.MILLIS)) + "\",\"uptime\":\"" + uptime + "\"}");
    }

    /** OpenMetrics only when asked for, as Prometheus does; the 0.0.4 text format otherwise. */
    ExpositionFormatWriter writerFor(String accept) {
        return accept != null && accept.contains("application/openmetrics-text") ? openMetricsWriter : textWriter;
    }

    private HttpResponse metrics(ExpositionFormatWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpResponse.of(HttpStatus.OK, MediaType.parse(writer.getContentType()), out.toByteArray());
    }
}

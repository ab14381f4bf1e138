package io.sightline.sampling;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.sampling.proto.SamplingStrategyResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strategies from Jaeger's JSON file (a local path or an http(s) URL), re-read every interval
 * and swapped in atomically when the content changed and parses. A bad edit keeps the last good
 * strategies, is logged once (with its position) and counted; fixing it is picked up on the
 * next read. So an edited ConfigMap takes effect without a restart.
 */
public final class FileStrategyProvider implements StrategyProvider, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileStrategyProvider.class);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final String source;
    private final long reloadIntervalMs;
    private final SamplingMetrics metrics;
    private final Clock clock;
    private final HttpClient http;
    private volatile Strategies current;
    /** Content last applied or last refused, so that an unchanged file is neither re-parsed nor re-logged. */
    private byte[] lastSeen;
    /** The last read failure logged, so that a file missing for a while is logged once. */
    private String lastReadProblem;
    private ScheduledExecutorService reloader;

    private FileStrategyProvider(String source, long reloadIntervalMs, PrometheusRegistry registry, Clock clock) {
        this.source = source;
        this.reloadIntervalMs = reloadIntervalMs;
        this.metrics = new SamplingMetrics(registry);
        this.clock = clock;
        this.http = isUrl(source)
                ? HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build()
                : null;
    }

    /**
     * Loads the source now and starts re-reading it.
     *
     * @param source a file path or http(s) URL; empty means no file: every service is sampled
     * @param reloadIntervalMs how often the source is re-read; 0 never
     * @throws StrategiesFileException when the source cannot be read or parsed, naming where
     */
    public static FileStrategyProvider start(String source, long reloadIntervalMs, PrometheusRegistry registry) {
        requireNonNull(source, "source");
        requireNonNull(registry, "registry");
        if (reloadIntervalMs < 0) {
            throw new IllegalArgumentException("reloadIntervalMs: " + reloadIntervalMs + " (expected: >= 0)");
        }
        FileStrategyProvider provider = new FileStrategyProvider(source.trim(), reloadIntervalMs, registry,
                Clock.systemUTC());
        provider.loadInitial();
        if (!provider.source.isEmpty() && reloadIntervalMs > 0) {
            provider.reloader = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sampling-strategies-reload");
                thread.setDaemon(true);
                return thread;
            });
            provider.reloader.scheduleWithFixedDelay(provider::reload, reloadIntervalMs, reloadIntervalMs,
                    TimeUnit.MILLISECONDS);
        }
        return provider;
    }

    private void loadInitial() {
        if (source.isEmpty()) {
            current = Strategies.SAMPLE_EVERYTHING;
            metrics.loaded(clock.millis());
            return;
        }
        byte[] content;
        try {
            content = read();
        } catch (IOException | UncheckedIOException e) {
            throw new StrategiesFileException("cannot read sampling strategies " + source + ": " + e.getMessage(), e);
        }
        if (content == null) {
            log.warn("Sampling strategies {} answered 503; every service is sampled until it serves a file", source);
            current = Strategies.SAMPLE_EVERYTHING;
            lastSeen = new byte[0];
        } else {
            current = StrategiesFile.parse(content, source);
            lastSeen = content;
        }
        metrics.loaded(clock.millis());
        log.info("Sampling strategies loaded from {}: {} service(s){}", source, current.serviceCount(),
                reloadIntervalMs > 0 ? ", re-read every " + reloadIntervalMs + " ms" : ", never re-read");
    }

    /** Re-reads the source; package-private so that tests need not wait for the timer. */
    synchronized void reload() {
        byte[] content;
        try {
            content = read();
            if (content == null) {
                throw new IOException("HTTP 503");
            }
        } catch (IOException | RuntimeException e) {
            String problem = "cannot read sampling strategies " + source + ": " + e.getMessage();
            if (!problem.equals(lastReadProblem)) {
                log.warn("{}; keeping the last good strategies", problem);
            }
            lastReadProblem = problem;
            metrics.failed();
            return;
        }
        lastReadProblem = null;
        if (Arrays.equals(content, lastSeen)) {
            return;
        }
        lastSeen = content;
        try {
            current = StrategiesFile.parse(content, source);
        } catch (StrategiesFileException e) {
            log.error("Sampling strategies not reloaded, keeping the last good ones: {}", e.getMessage());
            metrics.failed();
            return;
        }
        metrics.loaded(clock.millis());
        log.info("Sampling strategies reloaded from {}: {} service(s)", source, current.serviceCount());
    }

    /** The bytes of the source, or null when a URL answers 503 (Jaeger's "no strategies yet"). */
    private byte[] read() throws IOException {
        if (http == null) {
            return Files.readAllBytes(Path.of(source));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(source)).timeout(HTTP_TIMEOUT).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() == 503) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return response.body();
    }

    private static boolean isUrl(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    @Override
    public SamplingStrategyResponse strategyFor(String serviceName) {
        return current.strategyFor(requireNonNull(serviceName, "serviceName"));
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }
}

package io.sightline.server;

import com.linecorp.armeria.server.ServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.core.storage.StoredSpansListener;
import io.sightline.sampling.AdaptiveOptions;
import io.sightline.sampling.AdaptiveStrategyProvider;
import io.sightline.sampling.Durations;
import io.sightline.sampling.FileStrategyProvider;
import io.sightline.sampling.SamplingExplainService;
import io.sightline.sampling.SamplingGrpcService;
import io.sightline.sampling.SamplingHttpService;
import io.sightline.sampling.StrategiesFileException;
import io.sightline.sampling.StrategyProvider;
import io.sightline.server.config.ConfigException;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The sampling settings turned into one strategy provider (file or adaptive) and the services
 * that serve it: gRPC beside the Jaeger collector, HTTP on the collector and agent ports, and
 * the explanation on the query port.
 */
final class SamplingWiring implements AutoCloseable {
    private final StrategyProvider provider;
    private final AutoCloseable closeable;
    private final List<StoredSpansListener> listeners;

    private SamplingWiring(StrategyProvider provider, AutoCloseable closeable, List<StoredSpansListener> listeners) {
        this.provider = provider;
        this.closeable = closeable;
        this.listeners = listeners;
    }

    /**
     * @throws ConfigException for a malformed sampling setting
     * @throws StartupException when the strategies file cannot be read or parsed, naming where
     */
    static SamplingWiring start(SightlineConfig config, PrometheusRegistry registry) {
        String type = config.raw(Setting.SAMPLING_CONFIG_TYPE).trim().toLowerCase(Locale.ROOT);
        switch (type) {
            case "file":
                return startFile(config, registry);
            case "adaptive":
                AdaptiveOptions options = adaptiveOptions(config);
                // Kept with the store; not by a read-only process (the owner's file is the owner's),
                // nor an ephemeral one (nothing outlives it).
                Path stateFile = config.storage() == SightlineConfig.StorageType.ROCKSDB && !config.readOnly()
                        && !config.ephemeral()
                        ? config.storeDir().resolve("sampling").resolve("adaptive-state.json")
                        : null;
                AdaptiveStrategyProvider adaptive = AdaptiveStrategyProvider.start(options, stateFile);
                return new SamplingWiring(adaptive, adaptive, List.of(adaptive.throughputListener()));
            default:
                throw new ConfigException(Setting.SAMPLING_CONFIG_TYPE.envName() + ": unknown sampling type '"
                        + config.raw(Setting.SAMPLING_CONFIG_TYPE) + "' (expected: file or adaptive)");
        }
    }

    private static SamplingWiring startFile(SightlineConfig config, PrometheusRegistry registry) {
        long reloadMs = duration(config, Setting.SAMPLING_STRATEGIES_RELOAD_INTERVAL);
        try {
            FileStrategyProvider file = FileStrategyProvider.start(config.raw(Setting.SAMPLING_STRATEGIES_FILE),
                    reloadMs, registry);
            return new SamplingWiring(file, file, List.of());
        } catch (StrategiesFileException e) {
            throw new StartupException(Setting.SAMPLING_STRATEGIES_FILE.envName() + ": " + e.getMessage(), e);
        }
    }

    private static AdaptiveOptions adaptiveOptions(SightlineConfig config) {
        try {
            return new AdaptiveOptions(
                    number(config, Setting.SAMPLING_TARGET_SAMPLES_PER_SECOND),
                    number(config, Setting.SAMPLING_DELTA_TOLERANCE),
                    config.positiveInt(Setting.SAMPLING_BUCKETS_FOR_CALCULATION),
                    duration(config, Setting.SAMPLING_CALCULATION_INTERVAL),
                    config.positiveInt(Setting.SAMPLING_AGGREGATION_BUCKETS),
                    number(config, Setting.SAMPLING_INITIAL_SAMPLING_PROBABILITY),
                    number(config, Setting.SAMPLING_MIN_SAMPLING_PROBABILITY),
                    number(config, Setting.SAMPLING_MIN_SAMPLES_PER_SECOND));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("adaptive sampling settings: " + e.getMessage());
        }
    }

    private static double number(SightlineConfig config, Setting setting) {
        try {
            return Double.parseDouble(config.raw(setting).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(setting.envName() + ": '" + config.raw(setting) + "' is not a number");
        }
    }

    private static long duration(SightlineConfig config, Setting setting) {
        try {
            return Durations.parseMillis(config.raw(setting));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting.envName() + ": " + e.getMessage());
        }
    }

    /** Throughput counters to hand to the ingest pipeline (none for the file). */
    List<StoredSpansListener> listeners() {
        return listeners;
    }

    SamplingGrpcService grpcService() {
        return new SamplingGrpcService(provider);
    }

    SamplingHttpService httpService() {
        return new SamplingHttpService(provider);
    }

    void bindExplain(ServerBuilder sb, String basePath) {
        new SamplingExplainService(provider).bindTo(sb, basePath.equals("/") ? "" : basePath);
    }

    @Override
    public void close() {
        try {
            closeable.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.sightline.sampling;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.storage.StoredSpansListener;
import io.sightline.sampling.proto.OperationSamplingStrategy;
import io.sightline.sampling.proto.PerOperationSamplingStrategies;
import io.sightline.sampling.proto.ProbabilisticSamplingStrategy;
import io.sightline.sampling.proto.SamplingStrategyResponse;
import io.sightline.sampling.proto.SamplingStrategyType;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adaptive sampling in one process: the stored-spans listener counts sampled traces per
 * operation, and every calculation interval each operation's probability is moved toward the
 * target rate. Throughput buckets, probabilities and the reason of each last change are saved
 * to a small file after every calculation, so a restart continues where it stopped.
 */
public final class AdaptiveStrategyProvider implements StrategyProvider, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdaptiveStrategyProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STATE_VERSION = 1;

    private final AdaptiveOptions options;
    private final Path stateFile;
    private final Clock clock;
    private final ThroughputCounter counter = new ThroughputCounter();
    private final ProbabilityCalculator calculator;
    /** Newest first, at most {@code aggregationBuckets}. Guarded by {@code this}. */
    private final List<ThroughputBucket> buckets = new ArrayList<>();
    private Map<OperationKey, OperationState> states = new HashMap<>();
    private long lastCalculationEpochMs;
    private volatile Map<String, SamplingStrategyResponse> responses = Map.of();
    private final SamplingStrategyResponse unknownService;
    private ScheduledExecutorService calculations;

    AdaptiveStrategyProvider(AdaptiveOptions options, Path stateFile, Clock clock) {
        this.options = requireNonNull(options, "options");
        this.stateFile = stateFile;
        this.clock = requireNonNull(clock, "clock");
        this.calculator = new ProbabilityCalculator(options);
        this.unknownService = response(List.of());
        this.lastCalculationEpochMs = clock.millis();
    }

    /**
     * Restores the saved state (if any) and starts calculating every interval.
     *
     * @param stateFile where throughput and probabilities are kept across restarts; null keeps
     *     them in memory only
     */
    public static AdaptiveStrategyProvider start(AdaptiveOptions options, Path stateFile) {
        AdaptiveStrategyProvider provider = new AdaptiveStrategyProvider(options, stateFile, Clock.systemUTC());
        provider.restore();
        provider.calculations = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "adaptive-sampling");
            thread.setDaemon(true);
            return thread;
        });
        long intervalMs = options.calculationIntervalMs();
        provider.calculations.scheduleAtFixedRate(provider::calculateSafely, intervalMs, intervalMs,
                TimeUnit.MILLISECONDS);
        return provider;
    }

    /** Feeds the throughput counter; give it to the ingest pipeline. */
    public StoredSpansListener throughputListener() {
        return counter;
    }

    @Override
    public SamplingStrategyResponse strategyFor(String serviceName) {
        SamplingStrategyResponse own = responses.get(requireNonNull(serviceName, "serviceName"));
        return own == null ? unknownService : own;
    }

    private void calculateSafely() {
        try {
            calculate();
        } catch (RuntimeException e) {
            log.error("Adaptive sampling calculation failed; probabilities unchanged", e);
        }
    }

    /** Closes the current throughput bucket and recomputes every probability. */
    synchronized void calculate() {
        long now = clock.millis();
        long intervalMs = Math.max(1, now - lastCalculationEpochMs);
        lastCalculationEpochMs = now;
        long overflow = counter.overflowSpans();
        if (overflow > 0) {
            log.warn("Adaptive sampling: {} root span(s) of operations past the first {} were not counted this interval",
                    overflow, ThroughputCounter.MAX_OPERATIONS);
        }
        buckets.add(0, counter.flush(now, intervalMs));
        while (buckets.size() > options.aggregationBuckets()) {
            buckets.remove(buckets.size() - 1);
        }
        // As Jaeger: an operation absent from every kept bucket is forgotten, which bounds the state.
        Set<OperationKey> keys = new LinkedHashSet<>();
        buckets.forEach(bucket -> keys.addAll(bucket.counts().keySet()));
        Map<OperationKey, OperationState> next = new HashMap<>();
        for (OperationKey key : keys) {
            next.put(key, calculator.next(key, buckets, states.get(key), now));
        }
        states = next;
        publish();
        save();
    }

    private void publish() {
        Map<String, List<OperationSamplingStrategy>> byService = new TreeMap<>();
        states.entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> a.operation().compareTo(b.operation())))
                .forEach(entry -> byService.computeIfAbsent(entry.getKey().service(), s -> new ArrayList<>())
                        .add(OperationSamplingStrategy.newBuilder().setOperation(entry.getKey().operation())
                                .setProbabilisticSampling(ProbabilisticSamplingStrategy.newBuilder()
                                        .setSamplingRate(entry.getValue().probability())).build()));
        Map<String, SamplingStrategyResponse> built = new HashMap<>();
        byService.forEach((service, ops) -> built.put(service, response(ops)));
        responses = Map.copyOf(built);
    }

    /**
     * Jaeger's adaptive shape, plus a top-level probabilistic strategy at the default probability:
     * Jaeger leaves it out, and then the OpenTelemetry Java sampler refuses a response without
     * operations ("unrecognized sampler type") and keeps its initial sampler. SDKs that read the
     * operations (Jaeger's, OpenTelemetry's when there are some) are not affected by it.
     */
    private SamplingStrategyResponse response(List<OperationSamplingStrategy> ops) {
        return SamplingStrategyResponse.newBuilder()
                .setStrategyType(SamplingStrategyType.PROBABILISTIC)
                .setProbabilisticSampling(ProbabilisticSamplingStrategy.newBuilder()
                        .setSamplingRate(options.initialProbability()))
                .setOperationSampling(PerOperationSamplingStrategies.newBuilder()
                        .setDefaultSamplingProbability(options.initialProbability())
                        .setDefaultLowerBoundTracesPerSecond(options.minSamplesPerSecond())
                        .addAllPerOperationStrategies(ops))
                .build();
    }

    /** Per operation of the service: observed rate, target, probability, and why it last changed. */
    public synchronized String explainJson(String service) {
        ObjectNode root = JSON.createObjectNode();
        root.put("service", service);
        root.put("mode", "adaptive");
        root.put("targetSamplesPerSecond", options.targetSamplesPerSecond());
        root.put("deltaTolerance", options.deltaTolerance());
        root.put("calculationIntervalMs", options.calculationIntervalMs());
        root.put("lastCalculation", Instant.ofEpochMilli(lastCalculationEpochMs).toString());
        root.put("defaultSamplingProbability", options.initialProbability());
        ArrayNode operations = root.putArray("operations");
        new TreeMap<String, OperationState>(collect(service)).forEach((operation, state) -> {
            ObjectNode op = operations.addObject();
            op.put("operation", operation);
            op.put("observedSamplesPerSecond", state.observedQps());
            op.put("targetSamplesPerSecond", options.targetSamplesPerSecond());
            op.put("probability", state.probability());
            op.put("usingAdaptive", state.usingAdaptive());
            op.put("lastDecision", state.decision());
            ObjectNode change = op.putObject("lastChange");
            if (state.changedAtEpochMs() > 0) {
                change.put("at", Instant.ofEpochMilli(state.changedAtEpochMs()).toString());
                change.put("from", state.previousProbability());
                change.put("to", state.probability());
            }
            change.put("reason", state.changeReason());
        });
        return root.toString();
    }

    private Map<String, OperationState> collect(String service) {
        Map<String, OperationState> ops = new HashMap<>();
        states.forEach((key, state) -> {
            if (key.service().equals(service)) {
                ops.put(key.operation(), state);
            }
        });
        return ops;
    }

    private void save() {
        if (stateFile == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", STATE_VERSION);
        root.put("lastCalculationEpochMs", lastCalculationEpochMs);
        ArrayNode ops = root.putArray("operations");
        states.forEach((key, state) -> {
            ObjectNode op = ops.addObject();
            op.put("service", key.service());
            op.put("operation", key.operation());
            op.put("probability", state.probability());
            op.put("observedQps", state.observedQps());
            op.put("usingAdaptive", state.usingAdaptive());
            op.put("decision", state.decision());
            op.put("changedAtEpochMs", state.changedAtEpochMs());
            op.put("previousProbability", state.previousProbability());
            op.put("changeReason", state.changeReason());
        });
        ArrayNode savedBuckets = root.putArray("buckets");
        for (ThroughputBucket bucket : buckets) {
            ObjectNode b = savedBuckets.addObject();
            b.put("endEpochMs", bucket.endEpochMs());
            b.put("intervalMs", bucket.intervalMs());
            ArrayNode counts = b.putArray("operations");
            bucket.counts().forEach((key, count) -> {
                ObjectNode c = counts.addObject();
                c.put("service", key.service());
                c.put("operation", key.operation());
                c.put("count", count);
                ArrayNode probabilities = c.putArray("probabilities");
                bucket.probabilities().getOrDefault(key, Set.of()).forEach(probabilities::add);
            });
        }
        try {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
            Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            JSON.writeValue(temp.toFile(), root);
            try {
                Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("Cannot save adaptive sampling state to {}: {}", stateFile, e.toString());
        }
    }

    /** Loads the saved state; a missing file is a first start, an unreadable one starts afresh. */
    synchronized void restore() {
        if (stateFile == null || !Files.exists(stateFile)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(stateFile.toFile());
            if (root == null || root.path("version").asInt() != STATE_VERSION) {
                throw new IOException("unknown state version " + (root == null ? "(empty)" : root.path("version")));
            }
            Map<OperationKey, OperationState> restored = new HashMap<>();
            for (JsonNode op : root.path("operations")) {
                restored.put(new OperationKey(op.path("service").asText(), op.path("operation").asText()),
                        new OperationState(op.path("probability").asDouble(), op.path("observedQps").asDouble(),
                                op.path("usingAdaptive").asBoolean(), op.path("decision").asText(),
                                op.path("changedAtEpochMs").asLong(), op.path("previousProbability").asDouble(),
                                op.path("changeReason").asText()));
            }
            List<ThroughputBucket> restoredBuckets = new ArrayList<>();
            for (JsonNode b : root.path("buckets")) {
                Map<OperationKey, Long> counts = new HashMap<>();
                Map<OperationKey, Set<String>> probabilities = new HashMap<>();
                for (JsonNode c : b.path("operations")) {
                    OperationKey key = new OperationKey(c.path("service").asText(), c.path("operation").asText());
                    counts.put(key, c.path("count").asLong());
                    Set<String> seen = new HashSet<>();
                    c.path("probabilities").forEach(p -> seen.add(p.asText()));
                    probabilities.put(key, seen);
                }
                restoredBuckets.add(new ThroughputBucket(b.path("endEpochMs").asLong(),
                        Math.max(1, b.path("intervalMs").asLong()), counts, probabilities));
            }
            states = restored;
            buckets.clear();
            buckets.addAll(restoredBuckets.subList(0, Math.min(restoredBuckets.size(), options.aggregationBuckets())));
            publish();
            log.info("Adaptive sampling restored {} operation(s) and {} throughput bucket(s) from {}",
                    states.size(), buckets.size(), stateFile);
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot read adaptive sampling state {} ({}); starting from the initial probability",
                    stateFile, e.toString());
        }
    }

    @Override
    public void close() {
        if (calculations != null) {
            calculations.shutdownNow();
            try {
                calculations.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            save();
        }
    }
}

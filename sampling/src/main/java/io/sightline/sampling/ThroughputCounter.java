package io.sightline.sampling;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.Span;
import io.sightline.core.storage.StoredSpansListener;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Counts the traces storage accepted, per service and root operation, as Jaeger's aggregator
 * does: a root span with {@code sampler.type=probabilistic} counts and records its
 * {@code sampler.param}; {@code lowerbound}, {@code ratelimiting} and {@code const} roots only
 * register the operation. Roots without sampler tags (OpenTelemetry SDKs add none) are counted
 * too, so that their services can be steered as well.
 */
final class ThroughputCounter implements StoredSpansListener {
    static final String UNTAGGED = "untagged";
    /** Jaeger's bound on distinct probabilities remembered per operation and bucket. */
    private static final int MAX_PROBABILITIES = 10;
    private static final Set<String> SAMPLER_TYPES = Set.of("probabilistic", "lowerbound", "ratelimiting", "const");

    /**
     * Distinct operations counted per interval. Span names that embed IDs would otherwise grow
     * the map (and every response) without bound; spans of further operations are not counted.
     */
    static final int MAX_OPERATIONS = 10_000;

    private Map<OperationKey, Long> counts = new HashMap<>();
    private long overflowSpans;
    private Map<OperationKey, Set<String>> probabilities = new HashMap<>();

    @Override
    public void onStored(List<Span> spans) {
        for (Span span : spans) {
            if (!span.isRoot() || span.serviceName().isEmpty() || span.name().isEmpty()) {
                continue;
            }
            String samplerType = null;
            Double samplerParam = null;
            for (Attribute attribute : span.attributes()) {
                if (attribute.key().equals("sampler.type")) {
                    samplerType = attribute.value().asString().toLowerCase(Locale.ROOT);
                } else if (attribute.key().equals("sampler.param")) {
                    samplerParam = number(attribute.value());
                }
            }
            record(new OperationKey(span.serviceName(), span.name()), samplerType, samplerParam);
        }
    }

    private synchronized void record(OperationKey key, String samplerType, Double samplerParam) {
        if (counts.size() >= MAX_OPERATIONS && !counts.containsKey(key)) {
            overflowSpans++;
            return;
        }
        if (samplerType == null) {
            counts.merge(key, 1L, Long::sum);
            probabilities.computeIfAbsent(key, k -> new HashSet<>()).add(UNTAGGED);
            return;
        }
        if (!SAMPLER_TYPES.contains(samplerType) || samplerParam == null) {
            return;
        }
        Set<String> seen = probabilities.computeIfAbsent(key, k -> new HashSet<>());
        counts.merge(key, samplerType.equals("probabilistic") ? 1L : 0L, Long::sum);
        if (seen.size() < MAX_PROBABILITIES) {
            seen.add(format(samplerParam));
        }
    }

    /** Closes the current interval and starts a new one. */
    synchronized ThroughputBucket flush(long endEpochMs, long intervalMs) {
        ThroughputBucket bucket = new ThroughputBucket(endEpochMs, intervalMs, counts, probabilities);
        counts = new HashMap<>();
        probabilities = new HashMap<>();
        overflowSpans = 0;
        return bucket;
    }

    /** Root spans not counted in the current interval because {@link #MAX_OPERATIONS} was reached. */
    synchronized long overflowSpans() {
        return overflowSpans;
    }

    static String format(double probability) {
        return String.format(Locale.ROOT, "%.6f", probability);
    }

    private static Double number(AttributeValue value) {
        if (value instanceof AttributeValue.DoubleValue d) {
            return d.value();
        }
        if (value instanceof AttributeValue.LongValue l) {
            return (double) l.value();
        }
        if (value instanceof AttributeValue.StringValue s) {
            try {
                return Double.parseDouble(s.value());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}

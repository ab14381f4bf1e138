package io.sightline.spm;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.Span;
import io.sightline.core.storage.StoredSpansListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns every stored span into RED metrics, as the OpenTelemetry spanmetrics connector does: a
 * call count and a duration histogram (milliseconds) per {@code service_name}, {@code span_name},
 * {@code span_kind}, {@code status_code} and the configured extra dimensions.
 *
 * <p>The number of series is bounded: once {@link SpanMetricsOptions#maxSeries()} exist, spans of
 * any new combination are counted in a single series labelled {@code otel_metric_overflow="true"}
 * (the connector's overflow attribute), and {@code sightline_spm_overflow_spans_total} counts them.
 */
public final class SpanMetricsAggregator implements StoredSpansListener {
    static final String OVERFLOW_LABEL = "otel_metric_overflow";
    private static final int FIXED_LABELS = 4;

    private final SpanMetricsOptions options;
    private final double[] boundsMs;
    private final String[] dimensionKeys;
    private final String[] labelNames;
    private final ConcurrentHashMap<SeriesKey, Series> series = new ConcurrentHashMap<>();
    private final Series overflow;
    private final ThreadLocal<SeriesKey> probes;
    private final Object creationLock = new Object();
    private final Counter overflowSpans;

    public SpanMetricsAggregator(SpanMetricsOptions options, PrometheusRegistry registry) {
        this.options = requireNonNull(options, "options");
        requireNonNull(registry, "registry");
        this.boundsMs = options.bounds();
        this.dimensionKeys = options.dimensionKeys().toArray(String[]::new);
        this.labelNames = new String[FIXED_LABELS + dimensionKeys.length];
        labelNames[0] = "service_name";
        labelNames[1] = "span_name";
        labelNames[2] = "span_kind";
        labelNames[3] = "status_code";
        for (int i = 0; i < dimensionKeys.length; i++) {
            String name = labelName(dimensionKeys[i]);
            // A clash would make every scrape fail: refuse it at start-up instead.
            if (name.startsWith("__") || java.util.Arrays.asList(labelNames).subList(0, FIXED_LABELS + i).contains(name)) {
                throw new IllegalArgumentException("dimensionKeys: '" + dimensionKeys[i] + "' would be the label "
                        + name + ", which is reserved or already used");
            }
            labelNames[FIXED_LABELS + i] = name;
        }
        this.overflow = new Series(new String[] {OVERFLOW_LABEL}, new String[] {"true"}, boundsMs);
        this.probes = ThreadLocal.withInitial(() -> new SeriesKey(dimensionKeys.length));
        this.overflowSpans = Counter.builder()
                .name("sightline_spm_overflow_spans")
                .help("Spans counted in the SPM overflow series because the series limit was reached")
                .register(registry);
        GaugeWithCallback.builder()
                .name("sightline_spm_series")
                .help("Label combinations the SPM aggregation keeps apart (the overflow series excluded)")
                .callback(cb -> cb.call(series.size()))
                .register(registry);
        registry.register(new SpanMetricsCollector(this));
    }

    /** A Prometheus label name for an attribute key: {@code http.method} becomes {@code http_method}. */
    static String labelName(String attributeKey) {
        StringBuilder name = new StringBuilder(attributeKey.length() + 4);
        for (int i = 0; i < attributeKey.length(); i++) {
            char c = attributeKey.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
            name.append(ok ? c : '_');
        }
        if (Character.isDigit(name.charAt(0))) {
            name.insert(0, "key_");
        }
        return name.toString();
    }

    @Override
    public void onStored(List<Span> spans) {
        SeriesKey probe = probes.get();
        for (int i = 0, n = spans.size(); i < n; i++) {
            record(spans.get(i), probe);
        }
    }

    private void record(Span span, SeriesKey probe) {
        probe.set(span.serviceName(), span.name(), span.kind(), span.statusCode());
        for (int d = 0; d < dimensionKeys.length; d++) {
            probe.dimension(d, dimensionValue(span, dimensionKeys[d]));
        }
        probe.seal();
        Series target = series.get(probe);
        if (target == null) {
            target = create(probe);
        }
        double durationMs = span.durationNanos() / 1e6;
        long endEpochMs = (span.startEpochNanos() + span.durationNanos()) / 1_000_000;
        target.record(durationMs, span.traceId(), span.spanId(), endEpochMs);
    }

    /** The span's attribute, else the resource's, else empty (a label Prometheus treats as absent). */
    private static String dimensionValue(Span span, String key) {
        List<Attribute> attributes = span.attributes();
        for (int i = 0, n = attributes.size(); i < n; i++) {
            Attribute attribute = attributes.get(i);
            if (attribute.key().equals(key)) {
                return attribute.value().asString();
            }
        }
        List<Attribute> resource = span.resource().attributes();
        for (int i = 0, n = resource.size(); i < n; i++) {
            Attribute attribute = resource.get(i);
            if (attribute.key().equals(key)) {
                return attribute.value().asString();
            }
        }
        return "";
    }

    private Series create(SeriesKey probe) {
        synchronized (creationLock) {
            Series existing = series.get(probe);
            if (existing != null) {
                return existing;
            }
            if (series.size() >= options.maxSeries()) {
                overflowSpans.inc();
                return overflow;
            }
            SeriesKey key = probe.copy();
            Series created = new Series(labelNames, key.labelValues(), boundsMs);
            series.put(key, created);
            return created;
        }
    }

    /** Label names of every series but the overflow one, in order. */
    String[] labelNames() {
        return labelNames.clone();
    }

    double[] boundsMs() {
        return boundsMs.clone();
    }

    SpanMetricsOptions options() {
        return options;
    }

    /** Every series as of now, the overflow series last when it has counted anything. */
    List<SeriesSnapshot> snapshot() {
        return snapshot(true);
    }

    List<SeriesSnapshot> snapshot(boolean withExemplars) {
        List<SeriesSnapshot> snapshots = new ArrayList<>(series.size() + 1);
        for (Series s : series.values()) {
            snapshots.add(s.snapshot(withExemplars));
        }
        SeriesSnapshot overflowSnapshot = overflow.snapshot(withExemplars);
        if (overflowSnapshot.count() > 0) {
            snapshots.add(overflowSnapshot);
        }
        return snapshots;
    }
}

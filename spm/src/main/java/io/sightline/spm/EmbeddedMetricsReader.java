package io.sightline.spm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Answers {@code /api/metrics/*} from the embedded store by evaluating, on the stored snapshots,
 * exactly the PromQL Jaeger sends Prometheus: {@code sum(rate(calls[R])) by (service_name[,
 * span_name])}, its error fraction, and {@code histogram_quantile} over the summed bucket rates.
 */
final class EmbeddedMetricsReader implements MetricsReader {
    private static final String ERROR = "STATUS_CODE_ERROR";

    private final MetricsStore store;
    private final double[] upperBoundsMs;
    private final long resolutionMs;

    EmbeddedMetricsReader(MetricsStore store, double[] boundsMs, long resolutionMs) {
        this.store = store;
        this.upperBoundsMs = new double[boundsMs.length + 1];
        System.arraycopy(boundsMs, 0, upperBoundsMs, 0, boundsMs.length);
        upperBoundsMs[boundsMs.length] = Double.POSITIVE_INFINITY;
        this.resolutionMs = resolutionMs;
    }

    @Override
    public long minStepMs() {
        return resolutionMs;
    }

    @Override
    public MetricFamily calls(MetricsQuery query) {
        long[] times = query.evaluationTimesMs();
        Map<GroupKey, Group> groups = sumRates(read(query), query, times, 1, false);
        return family(MetricFamily.Kind.CALLS, query, groups, times, g -> g.sums[0]);
    }

    @Override
    public MetricFamily errors(MetricsQuery query) {
        long[] times = query.evaluationTimesMs();
        List<StoredSeries> series = read(query);
        List<StoredSeries> failed = new ArrayList<>();
        for (StoredSeries s : series) {
            if (s.label("status_code").equals(ERROR)) {
                failed.add(s);
            }
        }
        Map<GroupKey, Group> all = sumRates(series, query, times, 1, false);
        Map<GroupKey, Group> errors = sumRates(failed, query, times, 1, false);
        // Vector division keeps only the groups (and instants) present on both sides.
        Map<GroupKey, Group> ratios = new TreeMap<>();
        for (Map.Entry<GroupKey, Group> e : errors.entrySet()) {
            Group denominator = all.get(e.getKey());
            if (denominator == null) {
                continue;
            }
            Group ratio = new Group(times.length, 1);
            for (int t = 0; t < times.length; t++) {
                if (e.getValue().present[t] && denominator.present[t]) {
                    ratio.present[t] = true;
                    ratio.sums[0][t] = e.getValue().sums[0][t] / denominator.sums[0][t];
                }
            }
            ratios.put(e.getKey(), ratio);
        }
        MetricFamily family = family(MetricFamily.Kind.ERRORS, query, ratios, times, g -> g.sums[0]);
        if (family.metrics().isEmpty()) {
            MetricFamily calls = family(MetricFamily.Kind.CALLS, query, all, times, g -> g.sums[0]);
            return calls.zeroed(family.name(), family.help());
        }
        return family;
    }

    @Override
    public MetricFamily latencies(MetricsQuery query) {
        long[] times = query.evaluationTimesMs();
        Map<GroupKey, Group> groups = sumRates(read(query), query, times, upperBoundsMs.length, true);
        return family(MetricFamily.Kind.LATENCIES, query, groups, times, g -> {
            double[] quantiles = new double[times.length];
            double[] cumulative = new double[upperBoundsMs.length];
            for (int t = 0; t < times.length; t++) {
                for (int b = 0; b < cumulative.length; b++) {
                    cumulative[b] = g.sums[b][t];
                }
                quantiles[t] = PromQl.histogramQuantile(query.quantile(), upperBoundsMs, cumulative);
            }
            return quantiles;
        });
    }

    private List<StoredSeries> read(MetricsQuery query) {
        Predicate<String> service = serviceMatcher(query.services());
        List<String> kinds = query.spanKinds();
        return store.read(query.startMs() - query.ratePerMs(), query.endMs(),
                s -> service.test(s.label("service_name")) && kinds.contains(s.label("span_kind")));
    }

    /**
     * Jaeger joins the services into an unescaped, fully anchored regular expression; matching
     * the same way keeps the answers equal. A name that is no valid expression is matched as it is.
     */
    static Predicate<String> serviceMatcher(List<String> services) {
        try {
            Pattern pattern = Pattern.compile("^(?:" + String.join("|", services) + ")$");
            return value -> pattern.matcher(value).matches();
        } catch (PatternSyntaxException e) {
            return services::contains;
        }
    }

    /**
     * {@code sum by (service_name[, span_name]) (rate(...))} for {@code width} counters per series:
     * the call count, or the cumulative count of each bucket.
     */
    private Map<GroupKey, Group> sumRates(List<StoredSeries> series, MetricsQuery query, long[] times, int width,
                                         boolean buckets) {
        Map<GroupKey, Group> groups = new TreeMap<>();
        for (StoredSeries s : series) {
            int n = s.size();
            if (n < 2) {
                continue;
            }
            long[] sampleTimes = new long[n];
            double[][] values = new double[width][n];
            for (int i = 0; i < n; i++) {
                sampleTimes[i] = s.timestampMs(i);
                if (buckets) {
                    long running = 0;
                    long[] counts = s.bucketCounts(i);
                    for (int b = 0; b < width; b++) {
                        running += counts[b];
                        values[b][i] = running;
                    }
                } else {
                    values[0][i] = s.count(i);
                }
            }
            GroupKey key = new GroupKey(s.label("service_name"),
                    query.groupByOperation() ? s.label("span_name") : null);
            Group group = groups.computeIfAbsent(key, k -> new Group(times.length, width));
            int from = 0;
            int to = 0;
            for (int t = 0; t < times.length; t++) {
                long end = times[t];
                long start = end - query.ratePerMs();
                while (to < n && sampleTimes[to] <= end) {
                    to++;
                }
                while (from < to && sampleTimes[from] < start) {
                    from++;
                }
                if (to - from < 2) {
                    continue;
                }
                group.present[t] = true;
                for (int b = 0; b < width; b++) {
                    group.sums[b][t] += PromQl.rate(sampleTimes, values[b], from, to, end, query.ratePerMs());
                }
            }
        }
        return groups;
    }

    private static MetricFamily family(MetricFamily.Kind kind, MetricsQuery query, Map<GroupKey, Group> groups,
                                       long[] times, java.util.function.Function<Group, double[]> value) {
        List<MetricFamily.Metric> metrics = new ArrayList<>();
        for (Map.Entry<GroupKey, Group> e : groups.entrySet()) {
            Group g = e.getValue();
            double[] values = value.apply(g);
            List<MetricFamily.Point> points = new ArrayList<>();
            for (int t = 0; t < times.length; t++) {
                if (g.present[t]) {
                    points.add(new MetricFamily.Point(times[t], values[t]));
                }
            }
            if (points.isEmpty()) {
                continue;
            }
            metrics.add(new MetricFamily.Metric(e.getKey().labels(), points));
        }
        return new MetricFamily(kind.familyName(query.groupByOperation()),
                kind.help(query.groupByOperation(), query.quantile()), metrics);
    }

    /** The {@code by} labels; ordered as Prometheus orders result series (service, then operation). */
    record GroupKey(String service, String operation) implements Comparable<GroupKey> {
        private static final Comparator<GroupKey> ORDER = Comparator.comparing(GroupKey::service)
                .thenComparing(GroupKey::operation, Comparator.nullsFirst(Comparator.naturalOrder()));

        List<MetricFamily.Label> labels() {
            if (operation == null) {
                return List.of(new MetricFamily.Label("service_name", service));
            }
            return List.of(new MetricFamily.Label("operation", operation),
                    new MetricFamily.Label("service_name", service));
        }

        @Override
        public int compareTo(GroupKey other) {
            return ORDER.compare(this, other);
        }
    }

    private static final class Group {
        final boolean[] present;
        final double[][] sums;

        Group(int points, int width) {
            this.present = new boolean[points];
            this.sums = new double[width][points];
        }
    }
}

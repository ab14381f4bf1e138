package io.sightline.kafka;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/** Reads counters and gauges back from a registry, summed over their label values. */
final class RegistryValues {
    private RegistryValues() {}

    /** @param name the metric name as exposed, without {@code _total} */
    static double sum(PrometheusRegistry registry, String name) {
        double sum = 0;
        boolean found = false;
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (!snapshot.getMetadata().getPrometheusName().equals(name)) {
                continue;
            }
            found = true;
            if (snapshot instanceof CounterSnapshot counter) {
                for (CounterSnapshot.CounterDataPointSnapshot point : counter.getDataPoints()) {
                    sum += point.getValue();
                }
            } else if (snapshot instanceof GaugeSnapshot gauge) {
                for (GaugeSnapshot.GaugeDataPointSnapshot point : gauge.getDataPoints()) {
                    sum += point.getValue();
                }
            }
        }
        if (!found) {
            throw new AssertionError("no metric named " + name);
        }
        return sum;
    }

    /** How many label combinations the metric has. */
    static int series(PrometheusRegistry registry, String name) {
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (snapshot.getMetadata().getPrometheusName().equals(name)) {
                return snapshot.getDataPoints().size();
            }
        }
        throw new AssertionError("no metric named " + name);
    }
}

package io.sightline.spm;

import java.util.ArrayList;
import java.util.List;

/**
 * Jaeger's {@code MetricFamily} ({@code openmetrics.proto}): the bare answer of
 * {@code /api/metrics/*}. Always {@code GAUGE}, never a unit.
 */
record MetricFamily(String name, String help, List<Metric> metrics) {
    record Label(String name, String value) {}

    record Point(long epochMs, double value) {}

    /** @param labels sorted by name, the operation label already renamed {@code operation} */
    record Metric(List<Label> labels, List<Point> points) {}

    /** The same family with every value 0: Jaeger's error zero-fill from the call rates. */
    MetricFamily zeroed(String newName, String newHelp) {
        List<Metric> zeroed = new ArrayList<>(metrics.size());
        for (Metric m : metrics) {
            List<Point> points = new ArrayList<>(m.points().size());
            for (Point p : m.points()) {
                points.add(new Point(p.epochMs(), 0.0));
            }
            zeroed.add(new Metric(m.labels(), points));
        }
        return new MetricFamily(newName, newHelp, zeroed);
    }

    enum Kind {
        LATENCIES("latencies"),
        CALLS("call_rate"),
        ERRORS("error_rate");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }

        String familyName(boolean grouped) {
            return (grouped ? "service_operation_" : "service_") + suffix;
        }

        String help(boolean grouped, double quantile) {
            String help = switch (this) {
                case LATENCIES -> Quantiles.twoDecimals(quantile) + "th quantile latency, grouped by service";
                case CALLS -> "calls/sec, grouped by service";
                case ERRORS -> "error rate, computed as a fraction of errors/sec over calls/sec, grouped by service";
            };
            return grouped ? help + " & operation" : help;
        }
    }
}

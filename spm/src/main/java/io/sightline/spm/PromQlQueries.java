package io.sightline.spm;

import java.util.List;

/** The PromQL Jaeger's Prometheus reader issues (spec §5.3), built the same way, quirks included. */
final class PromQlQueries {
    private final PrometheusReaderOptions options;

    PromQlQueries(PrometheusReaderOptions options) {
        this.options = options;
    }

    String calls(MetricsQuery q) {
        return "sum(rate(" + options.callsMetric() + "{" + matchers(q, false) + "}[" + range(q.ratePerMs()) + "])) by ("
                + by(q, false) + ")";
    }

    String errors(MetricsQuery q) {
        return "sum(rate(" + options.callsMetric() + "{" + matchers(q, true) + "}[" + range(q.ratePerMs()) + "])) by ("
                + by(q, false) + ") / " + calls(q);
    }

    String latencies(MetricsQuery q) {
        return "histogram_quantile(" + Quantiles.twoDecimals(q.quantile()) + ", sum(rate(" + options.latencyMetric()
                + "_bucket{" + matchers(q, false) + "}[" + range(q.ratePerMs()) + "])) by (" + by(q, true) + "))";
    }

    private static String matchers(MetricsQuery q, boolean errorsOnly) {
        StringBuilder m = new StringBuilder("service_name =~ \"").append(String.join("|", q.services())).append("\", ");
        if (errorsOnly) {
            m.append("status_code = \"STATUS_CODE_ERROR\", ");
        }
        List<String> kinds = q.spanKinds();
        if (!kinds.isEmpty()) {
            m.append("span_kind =~ \"").append(String.join("|", kinds)).append("\"");
        }
        return m.toString();
    }

    private String by(MetricsQuery q, boolean le) {
        String by = "service_name";
        if (q.groupByOperation()) {
            by += "," + options.operationLabel();
        }
        return le ? by + ",le" : by;
    }

    /**
     * Jaeger formats {@code ratePer} as a Go duration and keeps everything up to the first letter:
     * 600000 ms is {@code 10m0s}, so {@code 10m}; 500 ms is {@code 500ms}, so {@code 500m} (minutes).
     */
    static String range(long ratePerMs) {
        String go = goDuration(ratePerMs);
        for (int i = 0; i < go.length(); i++) {
            if (Character.isLetter(go.charAt(i))) {
                return go.substring(0, i + 1);
            }
        }
        return go;
    }

    /** Go's {@code time.Duration.String} for whole milliseconds. */
    static String goDuration(long ms) {
        if (ms == 0) {
            return "0s";
        }
        String sign = ms < 0 ? "-" : "";
        long abs = Math.abs(ms);
        if (abs < 1000) {
            return sign + abs + "ms";
        }
        long hours = abs / 3_600_000;
        long minutes = abs / 60_000 % 60;
        long millis = abs % 60_000;
        StringBuilder out = new StringBuilder(sign);
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(millis / 1000);
        if (millis % 1000 != 0) {
            String fraction = String.format("%03d", millis % 1000).replaceAll("0+$", "");
            out.append('.').append(fraction);
        }
        return out.append('s').toString();
    }
}

package io.sightline.spm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code METRICS_STORAGE_TYPE=prometheus}: asks Prometheus's {@code /api/v1/query_range} with
 * Jaeger's PromQL ({@code start = endTs - lookback}, {@code end = endTs}, {@code step}) and
 * converts the matrix into a {@link MetricFamily}, renaming the operation label
 * {@code operation}, as Jaeger's reader does.
 */
final class PrometheusMetricsReader implements MetricsReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrometheusReaderOptions options;
    private final PromQlQueries queries;
    private final HttpClient client;
    private final URI queryRange;

    PrometheusMetricsReader(PrometheusReaderOptions options) {
        this.options = options;
        this.queries = new PromQlQueries(options);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(options.timeoutMs())).build();
        String base = options.serverUrl().toString();
        this.queryRange = URI.create((base.endsWith("/") ? base : base + "/") + "api/v1/query_range");
    }

    @Override
    public long minStepMs() {
        // Prometheus evaluates at any step down to a millisecond (what Jaeger reports).
        return 1;
    }

    @Override
    public MetricFamily calls(MetricsQuery query) {
        return family(MetricFamily.Kind.CALLS, query, queries.calls(query));
    }

    @Override
    public MetricFamily errors(MetricsQuery query) {
        MetricFamily errors = family(MetricFamily.Kind.ERRORS, query, queries.errors(query));
        if (!errors.metrics().isEmpty()) {
            return errors;
        }
        return calls(query).zeroed(errors.name(), errors.help());
    }

    @Override
    public MetricFamily latencies(MetricsQuery query) {
        return family(MetricFamily.Kind.LATENCIES, query, queries.latencies(query));
    }

    private MetricFamily family(MetricFamily.Kind kind, MetricsQuery query, String promQl) {
        JsonNode result = queryRange(promQl, query);
        List<MetricFamily.Metric> metrics = new ArrayList<>();
        for (JsonNode series : result) {
            List<MetricFamily.Label> labels = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = series.path("metric").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                if (name.equals("__name__")) {
                    continue;
                }
                if (name.equals(options.operationLabel())) {
                    name = "operation";
                }
                labels.add(new MetricFamily.Label(name, field.getValue().asText()));
            }
            labels.sort(Comparator.comparing(MetricFamily.Label::name));
            List<MetricFamily.Point> points = new ArrayList<>();
            for (JsonNode value : series.path("values")) {
                long epochMs = new BigDecimal(value.get(0).asText()).movePointRight(3).longValue();
                points.add(new MetricFamily.Point(epochMs, parseValue(value.get(1).asText())));
            }
            metrics.add(new MetricFamily.Metric(labels, points));
        }
        return new MetricFamily(kind.familyName(query.groupByOperation()),
                kind.help(query.groupByOperation(), query.quantile()), metrics);
    }

    /** Prometheus writes sample values as strings: numbers, {@code NaN}, {@code +Inf}, {@code -Inf}. */
    static double parseValue(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private JsonNode queryRange(String promQl, MetricsQuery query) {
        String form = "query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)
                + "&start=" + seconds(query.startMs())
                + "&end=" + seconds(query.endMs())
                + "&step=" + seconds(query.stepMs());
        HttpRequest.Builder builder = HttpRequest.newBuilder(queryRange)
                .timeout(Duration.ofMillis(options.timeoutMs()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        String authorization = ForwardedAuthorization.get();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new MetricsBackendException("failed executing metrics query: cannot reach Prometheus at "
                    + options.serverUrl() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricsBackendException("interrupted while querying Prometheus", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new MetricsBackendException("failed executing metrics query: Prometheus answered " + response.statusCode()
                    + " with a body that is not JSON", e);
        }
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new MetricsBackendException("failed executing metrics query: " + body.path("errorType").asText()
                    + ": " + body.path("error").asText() + " (HTTP " + response.statusCode() + ", query " + promQl + ")", null);
        }
        return body.path("data").path("result");
    }

    static String seconds(long ms) {
        return BigDecimal.valueOf(ms).movePointLeft(3).stripTrailingZeros().toPlainString();
    }
}

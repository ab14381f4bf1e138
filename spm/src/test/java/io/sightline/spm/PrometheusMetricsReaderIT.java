package io.sightline.spm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.Server;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus-backed reader against an HTTP server that answers as Prometheus's
 * {@code query_range} does: the request it sends and how the matrix becomes a MetricFamily.
 */
class PrometheusMetricsReaderIT {
    private final List<QueryParams> received = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final List<String> answers = new ArrayList<>();
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop().join();
        }
    }

    private PrometheusMetricsReader reader() {
        server = Server.builder().http(0).service("/api/v1/query_range", (ctx, req) -> HttpResponse.of(
                req.aggregate().thenApply((AggregatedHttpRequest r) -> {
                    synchronized (received) {
                        received.add(QueryParams.fromQueryString(r.contentUtf8()));
                        authorizations.add(r.headers().get("authorization", "(none)"));
                        String answer = answers.remove(0);
                        return HttpResponse.of(answer.startsWith("{\"status\":\"error\"") ? HttpStatus.BAD_REQUEST
                                : HttpStatus.OK, MediaType.JSON, answer);
                    }
                }))).build();
        server.start().join();
        return new PrometheusMetricsReader(new PrometheusReaderOptions(
                URI.create("http://127.0.0.1:" + server.activeLocalPort()), "", true, true, "ms", true, 5000));
    }

    private static MetricsQuery query(boolean grouped) {
        return new MetricsQuery(List.of("frontend"), grouped, List.of("SPAN_KIND_SERVER"), 1_700_000_060_500L, 60_000,
                60_000, 600_000, 0.95);
    }

    @Test
    void matrix_becomesAMetricFamily_withTheOperationLabelRenamed() {
        answers.add("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
                + "{\"span_name\":\"/dispatch\",\"service_name\":\"frontend\"},"
                + "\"values\":[[1700000000.5,\"12.5\"],[1700000060.5,\"NaN\"]]}]}}");
        MetricFamily family = reader().latencies(query(true));

        QueryParams sent = received.get(0);
        assertThat(sent.get("query")).isEqualTo("histogram_quantile(0.95, sum(rate(duration_milliseconds_bucket{"
                + "service_name =~ \"frontend\", span_kind =~ \"SPAN_KIND_SERVER\"}[10m])) by (service_name,span_name,le))");
        assertThat(sent.get("start")).isEqualTo("1700000000.5");
        assertThat(sent.get("end")).isEqualTo("1700000060.5");
        assertThat(sent.get("step")).isEqualTo("60");
        assertThat(family.name()).isEqualTo("service_operation_latencies");
        MetricFamily.Metric metric = family.metrics().get(0);
        assertThat(metric.labels()).containsExactly(new MetricFamily.Label("operation", "/dispatch"),
                new MetricFamily.Label("service_name", "frontend"));
        assertThat(metric.points().get(0)).isEqualTo(new MetricFamily.Point(1_700_000_000_500L, 12.5));
        assertThat(metric.points().get(1).value()).isNaN();
    }

    @Test
    void noErrorSeries_isTheCallRatesZeroed() {
        answers.add("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
        answers.add("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
                + "{\"service_name\":\"frontend\"},\"values\":[[1700000000.5,\"3.25\"]]}]}}");
        MetricFamily family = reader().errors(query(false));

        assertThat(received.get(0).get("query")).contains("status_code = \"STATUS_CODE_ERROR\"").contains(" / ");
        assertThat(received.get(1).get("query")).startsWith("sum(rate(calls_total{");
        assertThat(family.name()).isEqualTo("service_error_rate");
        assertThat(family.metrics().get(0).points()).containsExactly(new MetricFamily.Point(1_700_000_000_500L, 0.0));
    }

    @Test
    void prometheusErrors_andAnUnreachableServer_areBackendFailures() throws Exception {
        answers.add("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}");
        PrometheusMetricsReader reader = reader();
        assertThatThrownBy(() -> reader.calls(query(false))).isInstanceOf(MetricsBackendException.class)
                .hasMessageContaining("bad_data: parse error");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PrometheusMetricsReader unreachable = new PrometheusMetricsReader(new PrometheusReaderOptions(
                URI.create("http://127.0.0.1:" + closedPort), "", true, true, "ms", true, 2000));
        assertThatThrownBy(() -> unreachable.calls(query(false))).isInstanceOf(MetricsBackendException.class)
                .hasMessageContaining("cannot reach Prometheus");
    }

    @Test
    void bearerTokenPropagation_forwardsTheCallersAuthorizationToPrometheus_onlyWhenOn() throws Exception {
        String matrix = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
        reader();
        PrometheusReaderOptions options = new PrometheusReaderOptions(
                URI.create("http://127.0.0.1:" + server.activeLocalPort()), "", true, true, "ms", true, 5000);
        for (boolean forward : new boolean[] {true, false}) {
            answers.add(matrix);
            com.linecorp.armeria.server.ServerBuilder sb = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0);
            SpmQueryService.prometheus(options, forward).bindTo(sb, "/");
            Server query = sb.build();
            query.start().join();
            try {
                java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + query.activeLocalPort()
                                + "/api/metrics/calls?service=frontend")).header("Authorization", "Bearer caller-token").build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            } finally {
                query.stop().join();
            }
        }
        assertThat(authorizations).containsExactly("Bearer caller-token", "(none)");
    }
}

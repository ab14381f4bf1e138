package io.sightline.spm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricFamilyJsonTest {
    private static String json(MetricFamily family) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonFactory.builder().build().createGenerator(out)) {
            MetricFamilyJson.write(g, family);
        }
        return out.toString();
    }

    @Test
    void family_isJaegersBareMetricFamily_withNaNAsAStringAndZeroAsANumber() throws IOException {
        MetricFamily family = new MetricFamily("service_operation_latencies",
                MetricFamily.Kind.LATENCIES.help(true, 0.95), List.of(new MetricFamily.Metric(
                        List.of(new MetricFamily.Label("operation", "/dispatch"), new MetricFamily.Label("service_name", "frontend")),
                        List.of(new MetricFamily.Point(1_700_000_000_000L, 12.5),
                                new MetricFamily.Point(1_700_000_060_500L, Double.NaN),
                                new MetricFamily.Point(1_700_000_120_000L, 0.0),
                                new MetricFamily.Point(1_700_000_180_000L, Double.POSITIVE_INFINITY)))));

        assertThat(json(family)).isEqualTo("{\"name\":\"service_operation_latencies\",\"type\":\"GAUGE\","
                + "\"help\":\"0.95th quantile latency, grouped by service & operation\",\"metrics\":[{\"labels\":["
                + "{\"name\":\"operation\",\"value\":\"/dispatch\"},{\"name\":\"service_name\",\"value\":\"frontend\"}],"
                + "\"metricPoints\":["
                + "{\"gaugeValue\":{\"doubleValue\":12.5},\"timestamp\":\"2023-11-14T22:13:20Z\"},"
                + "{\"gaugeValue\":{\"doubleValue\":\"NaN\"},\"timestamp\":\"2023-11-14T22:14:20.500Z\"},"
                + "{\"gaugeValue\":{\"doubleValue\":0},\"timestamp\":\"2023-11-14T22:15:20Z\"},"
                + "{\"gaugeValue\":{\"doubleValue\":\"Infinity\"},\"timestamp\":\"2023-11-14T22:16:20Z\"}]}]}");
    }

    @Test
    void noSeries_isAnEmptyMetricsArray() throws IOException {
        assertThat(json(new MetricFamily("service_call_rate", MetricFamily.Kind.CALLS.help(false, Double.NaN), List.of())))
                .isEqualTo("{\"name\":\"service_call_rate\",\"type\":\"GAUGE\",\"help\":\"calls/sec, grouped by service\","
                        + "\"metrics\":[]}");
    }

    @Test
    void numbers_areWrittenAsGoWritesThem() {
        assertThat(MetricFamilyJson.goFloat(200)).isEqualTo("200");
        assertThat(MetricFamilyJson.goFloat(0.025974025974025972)).isEqualTo("0.025974025974025972");
        assertThat(MetricFamilyJson.goFloat(1e21)).isEqualTo("1e+21");
        assertThat(MetricFamilyJson.goFloat(1.5e-7)).isEqualTo("1.5e-7");
    }

    @Test
    void quantileHelp_roundsAsGoPercentDotTwoF() {
        assertThat(MetricFamily.Kind.LATENCIES.help(false, 0.5)).isEqualTo("0.50th quantile latency, grouped by service");
        // 0.125 is exact in binary: a tie, rounded to even as Go does (Java's %.2f would give 0.13).
        assertThat(Quantiles.twoDecimals(0.125)).isEqualTo("0.12");
        assertThat(Quantiles.twoDecimals(0.955)).isEqualTo("0.95");
        assertThat(Quantiles.rounded(0.999)).isEqualTo(1.0);
    }
}

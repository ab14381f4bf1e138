package io.sightline.spm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsQueryParserTest {
    private static final long NOW_MS = 1_700_000_000_000L;

    private static MetricsQuery parse(boolean latencies, String... pairs) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return MetricsQueryParser.parse(name -> params.getOrDefault(name, List.of()), NOW_MS, latencies);
    }

    private static void assertBad(boolean latencies, String message, String... pairs) {
        assertThatThrownBy(() -> parse(latencies, pairs)).isInstanceOf(BadParamException.class).hasMessage(message);
    }

    @Test
    void defaults_areJaegers() {
        MetricsQuery q = parse(false, "service", "frontend");
        assertThat(q.services()).containsExactly("frontend");
        assertThat(q.groupByOperation()).isFalse();
        assertThat(q.spanKinds()).containsExactly("SPAN_KIND_SERVER");
        assertThat(q.endMs()).isEqualTo(NOW_MS);
        assertThat(q.lookbackMs()).isEqualTo(3_600_000);
        assertThat(q.stepMs()).isEqualTo(5_000);
        assertThat(q.ratePerMs()).isEqualTo(600_000);
        assertThat(q.quantile()).isNaN();
    }

    @Test
    void everyParameter_isRead() {
        MetricsQuery q = parse(true, "service", "a", "service", "b", "quantile", "0.955", "groupByOperation", "T",
                "spanKind", "client", "spanKind", "Producer", "endTs", "1000", "lookback", "60000", "step", "15000",
                "ratePer", "30000");
        assertThat(q.services()).containsExactly("a", "b");
        assertThat(q.quantile()).isEqualTo(0.95);
        assertThat(q.groupByOperation()).isTrue();
        assertThat(q.spanKinds()).containsExactly("SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER");
        assertThat(q.endMs()).isEqualTo(1000);
        assertThat(q.evaluationTimesMs()).containsExactly(-59_000, -44_000, -29_000, -14_000, 1_000);
        assertThat(q.ratePerMs()).isEqualTo(30_000);
    }

    @Test
    void missingService() {
        assertBad(false, "unable to parse param 'service': please provide at least one service name", "step", "1");
    }

    @Test
    void quantile_isRequiredForLatencies_andParsedFirst() {
        assertBad(true, "unable to parse param 'quantile': strconv.ParseFloat: parsing \"\": invalid syntax");
        assertBad(true, "unable to parse param 'quantile': strconv.ParseFloat: parsing \"abc\": invalid syntax",
                "quantile", "abc", "service", "a");
        assertBad(true, "unable to parse param 'quantile': strconv.ParseFloat: parsing \"1e999\": value out of range",
                "quantile", "1e999", "service", "a");
        assertBad(true, "unable to parse param 'quantile': 1.5 (expected: 0 < quantile <= 1)",
                "quantile", "1.5", "service", "a");
        assertBad(true, "unable to parse param 'quantile': 0 (expected: 0 < quantile <= 1)",
                "quantile", "0", "service", "a");
    }

    @Test
    void badGroupByOperation() {
        assertBad(false, "unable to parse param 'groupByOperation': strconv.ParseBool: parsing \"yes\": invalid syntax",
                "service", "a", "groupByOperation", "yes");
    }

    @Test
    void badSpanKind() {
        assertBad(false, "unable to parse param 'spanKind': unsupported span kind: 'server,client'",
                "service", "a", "spanKind", "server,client");
        assertBad(false, "unable to parse param 'spanKind': unsupported span kind: ''", "service", "a", "spanKind", "");
    }

    @Test
    void badIntegers_getGoStrconvMessages() {
        assertBad(false, "unable to parse param 'endTs': strconv.ParseInt: parsing \"1.5\": invalid syntax",
                "service", "a", "endTs", "1.5");
        assertBad(false, "unable to parse param 'lookback': strconv.ParseInt: parsing \"1h\": invalid syntax",
                "service", "a", "lookback", "1h");
        assertBad(false, "unable to parse param 'step': strconv.ParseInt: parsing \"\\\"x\\\"\": invalid syntax",
                "service", "a", "step", "\"x\"");
        assertBad(false, "unable to parse param 'ratePer': strconv.ParseInt: parsing \"99999999999999999999\": value out of range",
                "service", "a", "ratePer", "99999999999999999999");
    }

    @Test
    void windowsThatCannotBeEvaluated_areRejected() {
        assertBad(false, "unable to parse param 'lookback': -1 (expected: >= 0)", "service", "a", "lookback", "-1");
        assertBad(false, "unable to parse param 'step': 0 (expected: > 0)", "service", "a", "step", "0");
        assertBad(false, "unable to parse param 'ratePer': -5 (expected: > 0)", "service", "a", "ratePer", "-5");
        assertBad(false, "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
                + "resolution (?step=XX)", "service", "a", "lookback", "172800000", "step", "1000");
    }
}

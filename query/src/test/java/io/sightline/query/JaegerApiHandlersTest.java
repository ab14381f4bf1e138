package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.QueryParams;
import io.sightline.core.storage.TraceQuery;
import org.junit.jupiter.api.Test;

class JaegerApiHandlersTest {
    private static final long NOW_MICROS = 1_700_000_000_000_000L;

    private static SearchParams params(String query) {
        return SearchParams.parse(QueryParams.fromQueryString(query), NOW_MICROS);
    }

    @Test
    void toTraceQuery_carriesEveryFilter() {
        TraceQuery query = JaegerApiHandlers.toTraceQuery(
                params("service=s&operation=op&tag=k:v&start=5&end=9&limit=3&minDuration=2ms&maxDuration=1s"), 1500);

        assertThat(query).isEqualTo(new TraceQuery("s", "op", java.util.Map.of("k", "v"), 5, 9, 2_000, 1_000_000, 3));
    }

    @Test
    void toTraceQuery_capsTheLimitAtTheConfiguredMaximum() {
        assertThat(JaegerApiHandlers.toTraceQuery(params("service=s&limit=100000"), 1500).maxTraces())
                .isEqualTo(1500);
    }

    @Test
    void toTraceQuery_comparesDurationsOnWholeMicrosRoundingInward() {
        TraceQuery query = JaegerApiHandlers.toTraceQuery(params("service=s&minDuration=1500ns&maxDuration=3999ns"), 10);

        assertThat(query.durationMinMicros()).isEqualTo(2);
        assertThat(query.durationMaxMicros()).isEqualTo(3);
        assertThat(JaegerApiHandlers.toTraceQuery(params("service=s&maxDuration=0"), 10).durationMaxMicros())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void toTraceQuery_nullWhenNothingCanMatch() {
        assertThat(JaegerApiHandlers.toTraceQuery(params("service=s&start=10&end=9"), 10)).isNull();
        assertThat(JaegerApiHandlers.toTraceQuery(params("service=s&minDuration=1100ns&maxDuration=1900ns"), 10))
                .isNull();
    }
}

package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.SpanKind;
import org.junit.jupiter.api.Test;

class QueryServiceTest {

    @Test
    void routePrefix_rootIsEmptyAndOthersKeptAsGiven() {
        assertThat(QueryService.routePrefix("/")).isEmpty();
        assertThat(QueryService.routePrefix("/jaeger")).isEqualTo("/jaeger");
        assertThat(QueryService.routePrefix("/a/b")).isEqualTo("/a/b");
    }

    @Test
    void routePrefix_rejectsMissingLeadingOrTrailingSlash() {
        assertThatThrownBy(() -> QueryService.routePrefix("jaeger"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("basePath: jaeger (expected:");
        assertThatThrownBy(() -> QueryService.routePrefix("/jaeger/"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueryService.routePrefix(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseSpanKind_absentOrEmptyMeansEveryKindAndNamesMatchExactly() {
        assertThat(JaegerApiHandlers.parseSpanKind(null)).isNull();
        assertThat(JaegerApiHandlers.parseSpanKind("")).isNull();
        assertThat(JaegerApiHandlers.parseSpanKind("server")).isEqualTo(SpanKind.SERVER);
        assertThat(JaegerApiHandlers.parseSpanKind("internal")).isEqualTo(SpanKind.INTERNAL);
        assertThatThrownBy(() -> JaegerApiHandlers.parseSpanKind("Server"))
                .isInstanceOf(ApiException.class)
                .hasMessage("unsupported value of parameter 'spanKind': 'Server'"
                        + " (expected: server, client, producer, consumer, internal)");
    }
}

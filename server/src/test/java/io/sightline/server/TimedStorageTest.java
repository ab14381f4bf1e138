package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.DependencyLink;
import io.sightline.core.storage.TraceQuery;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimedStorageTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private long count(String operation) {
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (snapshot.getMetadata().getPrometheusName().equals(TimedStorage.METRIC)) {
                for (HistogramSnapshot.HistogramDataPointSnapshot point : ((HistogramSnapshot) snapshot).getDataPoints()) {
                    if (point.getLabels().get("operation").equals(operation)) {
                        return point.getCount();
                    }
                }
            }
        }
        throw new AssertionError("no series for " + operation);
    }

    @Test
    void eachReadIsTimedUnderItsOperation_andEverySeriesExistsFromTheStart() {
        InMemoryStorage memory = new InMemoryStorage(100);
        memory.spanWriter().write(List.of(Span.builder().traceId(TraceId.of(0, 1)).spanId(1).name("op")
                .startEpochNanos(1_000_000_000L).durationNanos(1_000).resource(new Resource("svc", List.of())).build()));
        TimedStorage timed = new TimedStorage(memory, registry);
        for (String operation : List.of("get_trace", "find_traces", "find_trace_ids", "get_services", "get_operations",
                "get_dependencies")) {
            assertThat(count(operation)).as(operation).isZero();
        }

        assertThat(timed.traceReader().getTrace(TraceId.of(0, 1))).isPresent();
        TraceQuery query = new TraceQuery("svc", null, Map.of(), 0, 2_000_000, 0, Long.MAX_VALUE, 10);
        assertThat(timed.traceReader().findTraces(query)).hasSize(1);
        assertThat(timed.traceReader().findTraceIds(query)).containsExactly(TraceId.of(0, 1));
        assertThat(timed.serviceCatalog().getServices()).containsExactly("svc");
        assertThat(timed.serviceCatalog().getOperations("svc", null)).hasSize(1);
        List<DependencyLink> links = timed.dependencyReader().getDependencies(2_000_000, 2_000_000);
        assertThat(links).isEmpty();

        assertThat(count("get_trace")).isEqualTo(1);
        // The backend's own findTraces calls its own getTrace, which is not counted again.
        assertThat(count("find_traces")).isEqualTo(1);
        assertThat(count("find_trace_ids")).isEqualTo(1);
        assertThat(count("get_services")).isEqualTo(1);
        assertThat(count("get_operations")).isEqualTo(1);
        assertThat(count("get_dependencies")).isEqualTo(1);
        assertThat(timed.spanWriter()).isSameAs(memory.spanWriter());
    }

    @Test
    void aFailedReadIsTimedToo() {
        TimedStorage timed = new TimedStorage(new InMemoryStorage(100), registry);
        assertThatThrownBy(() -> timed.dependencyReader().getDependencies(0, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(count("get_dependencies")).isEqualTo(1);
    }
}

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

    @Test
    void withPropagation_readsRunAsTheRequestsBearerToken_andOnlyThen() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        InMemoryStorage inner = new InMemoryStorage(100);
        io.sightline.core.storage.ServiceCatalog recording = new io.sightline.core.storage.ServiceCatalog() {
            @Override
            public List<String> getServices() {
                seen.add(String.valueOf(io.sightline.core.storage.CallerAuthorization.current()));
                return inner.getServices();
            }

            @Override
            public List<io.sightline.core.storage.Operation> getOperations(String service, io.sightline.core.model.SpanKind kind) {
                return inner.getOperations(service, kind);
            }
        };
        io.sightline.core.storage.StorageComponent memory = new io.sightline.core.storage.StorageComponent() {
            @Override
            public io.sightline.core.storage.SpanWriter spanWriter() {
                return inner;
            }

            @Override
            public io.sightline.core.storage.TraceReader traceReader() {
                return inner;
            }

            @Override
            public io.sightline.core.storage.ServiceCatalog serviceCatalog() {
                return recording;
            }

            @Override
            public io.sightline.core.storage.DependencyReader dependencyReader() {
                return inner;
            }

            @Override
            public io.sightline.core.storage.HealthStatus check() {
                return inner.check();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
        TimedStorage propagating = new TimedStorage(memory, registry, true);
        com.linecorp.armeria.server.ServiceRequestContext bearer = com.linecorp.armeria.server.ServiceRequestContext.of(
                com.linecorp.armeria.common.HttpRequest.of(com.linecorp.armeria.common.RequestHeaders.of(
                        com.linecorp.armeria.common.HttpMethod.GET, "/api/services", "authorization", "Bearer user-token")));
        try (com.linecorp.armeria.common.util.SafeCloseable ignored = bearer.push()) {
            propagating.serviceCatalog().getServices();
        }
        com.linecorp.armeria.server.ServiceRequestContext basic = com.linecorp.armeria.server.ServiceRequestContext.of(
                com.linecorp.armeria.common.HttpRequest.of(com.linecorp.armeria.common.RequestHeaders.of(
                        com.linecorp.armeria.common.HttpMethod.GET, "/api/services", "authorization", "Basic dTpw")));
        try (com.linecorp.armeria.common.util.SafeCloseable ignored = basic.push()) {
            propagating.serviceCatalog().getServices();
        }
        propagating.serviceCatalog().getServices(); // no request at all
        try (com.linecorp.armeria.common.util.SafeCloseable ignored = bearer.push()) {
            new TimedStorage(memory, new io.prometheus.metrics.model.registry.PrometheusRegistry(), false)
                    .serviceCatalog().getServices();
        }
        assertThat(seen).containsExactly("Bearer user-token", "null", "null", "null");
        assertThat(io.sightline.core.storage.CallerAuthorization.current()).isNull();
    }
}

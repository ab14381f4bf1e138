package io.sightline.server;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.CallerAuthorization;
import io.sightline.core.storage.DependencyLink;
import io.sightline.core.storage.DependencyReader;
import io.sightline.core.storage.HealthStatus;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.ServiceCatalog;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.TraceQuery;
import io.sightline.core.storage.TraceReader;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A storage backend whose reads are timed into {@code sightline_storage_read_duration_seconds},
 * one series per SPI read operation, whatever the backend. Failed reads are timed too: a slow
 * failure is still a slow query. Writes and lifecycle pass straight through. With bearer-token
 * propagation on, each read also runs as the calling request's bearer token
 * ({@link CallerAuthorization}), for backends that forward it.
 */
final class TimedStorage implements StorageComponent, TraceReader, ServiceCatalog, DependencyReader {
    static final String METRIC = "sightline_storage_read_duration_seconds";
    private static final double[] BUCKETS_SECONDS =
            {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final StorageComponent delegate;
    private final boolean propagateBearerToken;
    private final DistributionDataPoint getTrace;
    private final DistributionDataPoint findTraces;
    private final DistributionDataPoint findTraceIds;
    private final DistributionDataPoint getServices;
    private final DistributionDataPoint getOperations;
    private final DistributionDataPoint getDependencies;

    TimedStorage(StorageComponent delegate, PrometheusRegistry registry) {
        this(delegate, registry, false);
    }

    /** @param propagateBearerToken Jaeger's {@code QUERY_BEARER_TOKEN_PROPAGATION} */
    TimedStorage(StorageComponent delegate, PrometheusRegistry registry, boolean propagateBearerToken) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.propagateBearerToken = propagateBearerToken;
        Histogram histogram = Histogram.builder().name(METRIC)
                .help("Time the span storage took to answer one read, seconds, by operation")
                .classicOnly().classicUpperBounds(BUCKETS_SECONDS).labelNames("operation").register(registry);
        // Made up front so that every operation has a series, at 0, before its first query.
        getTrace = histogram.labelValues("get_trace");
        findTraces = histogram.labelValues("find_traces");
        findTraceIds = histogram.labelValues("find_trace_ids");
        getServices = histogram.labelValues("get_services");
        getOperations = histogram.labelValues("get_operations");
        getDependencies = histogram.labelValues("get_dependencies");
    }

    private <T> T timed(DistributionDataPoint series, Supplier<T> read) {
        long startNanos = System.nanoTime();
        try {
            return CallerAuthorization.with(propagateBearerToken ? callerBearerToken() : null, read);
        } finally {
            series.observe((System.nanoTime() - startNanos) / 1e9);
        }
    }

    /** The current request's {@code Authorization} header when it carries a bearer token, else null. */
    private static String callerBearerToken() {
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (ctx == null) {
            return null;
        }
        String authorization = ctx.request().headers().get(HttpHeaderNames.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization : null;
    }

    @Override
    public Optional<Trace> getTrace(TraceId traceId) {
        return timed(getTrace, () -> delegate.traceReader().getTrace(traceId));
    }

    @Override
    public List<TraceId> findTraceIds(TraceQuery query) {
        return timed(findTraceIds, () -> delegate.traceReader().findTraceIds(query));
    }

    /** The backend's own search, timed once as a whole: its inner lookups are not counted again. */
    @Override
    public List<Trace> findTraces(TraceQuery query) {
        return timed(findTraces, () -> delegate.traceReader().findTraces(query));
    }

    @Override
    public List<String> getServices() {
        return timed(getServices, () -> delegate.serviceCatalog().getServices());
    }

    @Override
    public List<Operation> getOperations(String service, SpanKind spanKind) {
        return timed(getOperations, () -> delegate.serviceCatalog().getOperations(service, spanKind));
    }

    @Override
    public List<DependencyLink> getDependencies(long endEpochMicros, long lookbackMicros) {
        return timed(getDependencies, () -> delegate.dependencyReader().getDependencies(endEpochMicros, lookbackMicros));
    }

    @Override
    public SpanWriter spanWriter() {
        return delegate.spanWriter();
    }

    @Override
    public TraceReader traceReader() {
        return this;
    }

    @Override
    public ServiceCatalog serviceCatalog() {
        return this;
    }

    @Override
    public DependencyReader dependencyReader() {
        return this;
    }

    @Override
    public HealthStatus check() {
        return delegate.check();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

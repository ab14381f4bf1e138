package io.sightline.storage.opensearch;

import io.sightline.core.storage.DependencyReader;
import io.sightline.core.storage.HealthStatus;
import io.sightline.core.storage.ServiceCatalog;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.TraceReader;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Spans in OpenSearch or Elasticsearch (7.x), laid out as Jaeger lays them out, so that Jaeger and
 * Sightline read each other's data. Opening never fails because the cluster is down: {@link #check()}
 * then reports it and writes fail with {@link ClusterUnavailableException} until it is back.
 */
public final class OpenSearchStorage implements StorageComponent {
    private final OpenSearchStorageOptions options;
    private final ClusterClient client;
    private final ClusterReadiness readiness;
    private final BulkSpanWriter writer;
    private final OpenSearchTraceReader reader;
    private final OpenSearchServiceCatalog catalog;
    private final OpenSearchDependencyReader dependencies;
    private final IndexRetention retention;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService bulkPool;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpenSearchStorage(OpenSearchStorageOptions options) {
        this.options = options;
        this.client = new ClusterClient(options);
        IndexLayout layout = new IndexLayout(options.indexPrefix(), options.archive());
        this.readiness = new ClusterReadiness(client, layout, options);
        Searches searches = new Searches(client);
        // Sized by the semaphore in the writer, which never lets more than bulkWorkers requests wait here.
        this.bulkPool = Executors.newFixedThreadPool(options.bulkWorkers(), runnable -> {
            Thread thread = new Thread(runnable, "sightline-opensearch-bulk");
            thread.setDaemon(true);
            return thread;
        });
        this.writer = new BulkSpanWriter(client, layout, options, readiness, bulkPool);
        this.reader = new OpenSearchTraceReader(searches, layout, options.tagsAsFieldsDotReplacement());
        this.catalog = new OpenSearchServiceCatalog(searches, layout);
        this.dependencies = new OpenSearchDependencyReader(searches, layout, options.dependencyMaxSpans());
        this.retention = new IndexRetention(client, layout, options.retention(), options.clock());
        boolean expires = !options.archive() && !options.retention().isZero();
        this.scheduler = expires ? Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sightline-opensearch-retention");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    /** Opens the store; the cluster may be down, see {@link #check()}. */
    public static OpenSearchStorage open(OpenSearchStorageOptions options) {
        OpenSearchStorage storage = new OpenSearchStorage(Objects.requireNonNull(options, "options"));
        storage.readiness.tryReady();
        if (storage.scheduler != null) {
            long periodMillis = options.retentionCheckInterval().toMillis();
            storage.scheduler.scheduleWithFixedDelay(storage.retention::run, 0, periodMillis, TimeUnit.MILLISECONDS);
        }
        return storage;
    }

    public OpenSearchStorageOptions options() {
        return options;
    }

    /** Deletes the indices past retention now; returns their names. */
    public List<String> deleteExpiredIndices() {
        return retention.deleteExpired();
    }

    @Override
    public SpanWriter spanWriter() {
        return writer;
    }

    @Override
    public TraceReader traceReader() {
        return reader;
    }

    @Override
    public ServiceCatalog serviceCatalog() {
        return catalog;
    }

    @Override
    public DependencyReader dependencyReader() {
        return dependencies;
    }

    @Override
    public HealthStatus check() {
        try {
            ClusterClient.Response health = client.get("/_cluster/health");
            if (!health.ok()) {
                return HealthStatus.unhealthy(ClusterClient.describe("cluster health", health));
            }
            String status = health.body().path("status").asText("unknown");
            if (!status.equals("green") && !status.equals("yellow")) {
                return HealthStatus.unhealthy("cluster status " + status + " at " + options.serverUrls());
            }
            readiness.ensureReady();
            return HealthStatus.OK;
        } catch (RuntimeException e) {
            return HealthStatus.unhealthy(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
            // Lets requests in flight finish: their writers are waiting for them.
            bulkPool.shutdown();
        }
    }
}

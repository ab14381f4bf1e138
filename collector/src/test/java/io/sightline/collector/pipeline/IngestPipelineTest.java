package io.sightline.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageException;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IngestPipelineTest {
    private static final Resource RESOURCE = new Resource("svc", List.of());

    private static List<Span> spans(int count, long traceLow) {
        List<Span> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(Span.builder().traceId(TraceId.of(0, traceLow)).spanId(i).name("op").resource(RESOURCE).build());
        }
        return out;
    }

    private static CollectorMetrics metrics() {
        return new CollectorMetrics(new PrometheusRegistry(), "test-host");
    }

    @Test
    void submit_completesOnlyAfterTheSpansAreWritten() throws Exception {
        InMemoryStorage storage = new InMemoryStorage(1_000);
        try (IngestPipeline pipeline = new IngestPipeline(storage, new PipelineOptions(100, 1, 50), metrics())) {
            pipeline.start();
            pipeline.submit(spans(3, 1), IngestSource.OTLP_GRPC).get(5, TimeUnit.SECONDS);
            assertThat(storage.getTrace(TraceId.of(0, 1))).get().satisfies(t -> assertThat(t.spans()).hasSize(3));
        }
    }

    @Test
    void submit_refusesAtOnceWhenTheQueueIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SpanWriter blocked = spans -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (IngestPipeline pipeline = new IngestPipeline(blocked, new PipelineOptions(10, 1, 10), metrics())) {
            pipeline.start();
            CompletableFuture<Void> first = pipeline.submit(spans(6, 1), IngestSource.OTLP_GRPC);
            CompletableFuture<Void> second = pipeline.submit(spans(4, 2), IngestSource.OTLP_GRPC);
            CompletableFuture<Void> third = pipeline.submit(spans(1, 3), IngestSource.OTLP_GRPC);
            assertThat(third).isCompletedExceptionally();
            assertThatThrownBy(third::get).hasCauseInstanceOf(QueueFullException.class)
                    .hasMessageContaining("ingest queue is full: 10 of 10 spans queued");
            release.countDown();
            first.get(5, TimeUnit.SECONDS);
            second.get(5, TimeUnit.SECONDS);
            assertThat(pipeline.queuedSpans()).isZero();
        }
    }

    @Test
    void submit_admitsABatchLargerThanTheQueueWhenTheQueueIsEmpty() throws Exception {
        InMemoryStorage storage = new InMemoryStorage(1_000);
        try (IngestPipeline pipeline = new IngestPipeline(storage, new PipelineOptions(5, 1, 5), metrics())) {
            pipeline.start();
            pipeline.submit(spans(8, 1), IngestSource.OTLP_HTTP).get(5, TimeUnit.SECONDS);
            assertThat(storage.storedSpans()).isEqualTo(8);
        }
    }

    @Test
    void submit_failsTheFutureWhenStorageFails() {
        SpanWriter failing = spans -> {
            throw new StorageException("disk on fire");
        };
        try (IngestPipeline pipeline = new IngestPipeline(failing, new PipelineOptions(10, 1, 10), metrics())) {
            pipeline.start();
            CompletableFuture<Void> result = pipeline.submit(spans(1, 1), IngestSource.OTLP_HTTP);
            assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("disk on fire");
        }
    }

    @Test
    void close_writesEverythingQueuedThenRefusesNewBatches() throws Exception {
        InMemoryStorage storage = new InMemoryStorage(100_000);
        IngestPipeline pipeline = new IngestPipeline(storage, new PipelineOptions(100_000, 2, 100), metrics());
        pipeline.start();
        List<CompletableFuture<Void>> results = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            results.add(pipeline.submit(spans(10, i), IngestSource.OTLP_GRPC));
        }
        pipeline.close();
        for (CompletableFuture<Void> result : results) {
            assertThat(result).isCompleted();
            result.get();
        }
        assertThat(storage.storedSpans()).isEqualTo(2_000);
        assertThatThrownBy(() -> pipeline.submit(spans(1, 9999), IngestSource.OTLP_GRPC).get())
                .hasCauseInstanceOf(PipelineStoppedException.class);
    }

    @Test
    void serviceNameLabels_normalizeAndCapCardinality() {
        assertThat(ServiceNameLabels.normalize("My Service/API")).isEqualTo("my_service_api");
        assertThat(ServiceNameLabels.normalize("")).isEqualTo("__unknown");
        ServiceNameLabels labels = new ServiceNameLabels(2);
        assertThat(labels.label("a")).isEqualTo("a");
        assertThat(labels.label("b")).isEqualTo("b");
        assertThat(labels.label("c")).isEqualTo("other-services");
        assertThat(labels.label("a")).isEqualTo("a");
    }
}

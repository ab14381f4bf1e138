package io.sightline.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.Resource;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StoredSpansListener;
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
    void listeners_seeEveryStoredBatch_andAFailingOneNeitherFailsTheWriteNorStopsTheNext() throws Exception {
        InMemoryStorage storage = new InMemoryStorage(1_000);
        List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        PrometheusRegistry registry = new PrometheusRegistry();
        List<StoredSpansListener> listeners = List.of(
                stored -> {
                    throw new IllegalStateException("listener bug");
                },
                stored -> seen.add(stored.size()));
        try (IngestPipeline pipeline = new IngestPipeline(storage, new PipelineOptions(100, 1, 50),
                new CollectorMetrics(registry, "test-host"), listeners)) {
            pipeline.start();
            pipeline.submit(spans(3, 1), IngestSource.OTLP_GRPC).get(5, TimeUnit.SECONDS);
            pipeline.submit(spans(2, 2), IngestSource.OTLP_GRPC).get(5, TimeUnit.SECONDS);
        }
        assertThat(storage.storedSpans()).isEqualTo(5);
        assertThat(seen.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
        assertThat(registry.scrape().stream()
                .filter(m -> m.getMetadata().getName().equals("sightline_collector_listener_failures"))
                .findFirst().orElseThrow().getDataPoints().get(0))
                .satisfies(p -> assertThat(((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) p)
                        .getValue()).isEqualTo(seen.size()));
    }

    @Test
    void listeners_areNotToldOfAFailedWrite() {
        List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        SpanWriter failing = spans -> {
            throw new StorageException("disk on fire");
        };
        try (IngestPipeline pipeline = new IngestPipeline(failing, new PipelineOptions(10, 1, 10), metrics(),
                List.of(stored -> seen.add(stored.size())))) {
            pipeline.start();
            CompletableFuture<IngestOutcome> result = pipeline.submit(spans(1, 1), IngestSource.OTLP_HTTP);
            assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void submit_refusesAtOnceWhenTheQueueIsFull() throws Exception {
        BlockedWriter writer = new BlockedWriter(null);
        try (IngestPipeline pipeline = new IngestPipeline(writer, new PipelineOptions(10, 1, 10), metrics())) {
            pipeline.start();
            try {
                // The single writer takes the first batch and stays blocked in it, so what follows stays
                // queued. A batch being written still counts: its memory is still held.
                CompletableFuture<IngestOutcome> first = pipeline.submit(spans(1, 1), IngestSource.OTLP_GRPC);
                writer.awaitWriting();
                CompletableFuture<IngestOutcome> second = pipeline.submit(spans(5, 2), IngestSource.OTLP_GRPC);
                CompletableFuture<IngestOutcome> third = pipeline.submit(spans(4, 3), IngestSource.OTLP_GRPC);
                CompletableFuture<IngestOutcome> fourth = pipeline.submit(spans(1, 4), IngestSource.OTLP_GRPC);
                assertThat(fourth).isCompletedExceptionally();
                assertThatThrownBy(fourth::get).hasCauseInstanceOf(QueueFullException.class)
                        .hasMessageContaining("ingest queue is full: 10 of 10 spans (").hasMessageContaining("no room for 1 more");
                writer.release();
                first.get(5, TimeUnit.SECONDS);
                second.get(5, TimeUnit.SECONDS);
                third.get(5, TimeUnit.SECONDS);
                assertThat(pipeline.queuedSpans()).isZero();
            } finally {
                writer.release();
            }
        }
    }

    @Test
    void submit_refusesARequestWithMoreSpansThanOneRequestMayCarry_andQueuesNothing() {
        InMemoryStorage storage = new InMemoryStorage(1_000);
        PipelineOptions options = new PipelineOptions(100, 1_000_000, 1, 10, true, 100, 3);
        try (IngestPipeline pipeline = new IngestPipeline(storage, options, metrics())) {
            pipeline.start();
            CompletableFuture<IngestOutcome> result = pipeline.submit(spans(4, 1), IngestSource.OTLP_GRPC);
            assertThat(result).isCompletedExceptionally();
            assertThatThrownBy(result::get).hasCauseInstanceOf(TooManySpansException.class)
                    .hasMessageContaining("request has 4 spans, more than the 3 one request may carry");
            assertThat(pipeline.queuedSpans()).isZero();
        }
        assertThat(storage.storedSpans()).isZero();
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
            CompletableFuture<IngestOutcome> result = pipeline.submit(spans(1, 1), IngestSource.OTLP_HTTP);
            assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("disk on fire");
        }
    }

    @Test
    void close_writesEverythingQueuedThenRefusesNewBatches() throws Exception {
        InMemoryStorage storage = new InMemoryStorage(100_000);
        IngestPipeline pipeline = new IngestPipeline(storage, new PipelineOptions(100_000, 2, 100), metrics());
        pipeline.start();
        List<CompletableFuture<IngestOutcome>> results = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            results.add(pipeline.submit(spans(10, i), IngestSource.OTLP_GRPC));
        }
        pipeline.close();
        for (CompletableFuture<IngestOutcome> result : results) {
            assertThat(result).isCompleted();
            result.get();
        }
        assertThat(storage.storedSpans()).isEqualTo(2_000);
        assertThatThrownBy(() -> pipeline.submit(spans(1, 9999), IngestSource.OTLP_GRPC).get())
                .hasCauseInstanceOf(PipelineStoppedException.class);
    }

    @Test
    void submit_refusesWhenTheByteBoundIsReachedBeforeTheSpanBound() throws Exception {
        BlockedWriter writer = new BlockedWriter(null);
        long oneSpanBytes = SpanSizes.estimateBytes(spans(1, 1));
        PipelineOptions options = new PipelineOptions(1_000, oneSpanBytes * 3, 1, 10, true, 100);
        try (IngestPipeline pipeline = new IngestPipeline(writer, options, metrics())) {
            pipeline.start();
            try {
                CompletableFuture<IngestOutcome> first = pipeline.submit(spans(1, 1), IngestSource.OTLP_GRPC);
                writer.awaitWriting();
                CompletableFuture<IngestOutcome> second = pipeline.submit(spans(2, 2), IngestSource.OTLP_GRPC);
                assertThatThrownBy(() -> pipeline.submit(spans(1, 3), IngestSource.OTLP_GRPC).get(5, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(QueueFullException.class).hasMessageContaining("bytes) queued");
                writer.release();
                first.get(5, TimeUnit.SECONDS);
                second.get(5, TimeUnit.SECONDS);
            } finally {
                writer.release();
            }
        }
    }

    @Test
    void submit_withRejectWhenFullOff_acknowledgesAndDropsLikeJaeger() throws Exception {
        InMemoryStorage storage = new InMemoryStorage(1_000);
        BlockedWriter writer = new BlockedWriter(storage);
        PrometheusRegistry registry = new PrometheusRegistry();
        PipelineOptions options = new PipelineOptions(2, 1_000_000, 1, 10, false, 100);
        try (IngestPipeline pipeline = new IngestPipeline(writer, options, new CollectorMetrics(registry, "h"))) {
            pipeline.start();
            try {
                CompletableFuture<IngestOutcome> first = pipeline.submit(spans(1, 1), IngestSource.OTLP_GRPC);
                writer.awaitWriting();
                CompletableFuture<IngestOutcome> second = pipeline.submit(spans(1, 2), IngestSource.OTLP_GRPC);
                CompletableFuture<IngestOutcome> dropped = pipeline.submit(spans(1, 3), IngestSource.OTLP_GRPC);
                assertThat(dropped).isCompletedWithValue(new IngestOutcome(0, 1, 0, 100));
                writer.release();
                assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(new IngestOutcome(1, 0, 0, 100));
                second.get(5, TimeUnit.SECONDS);
            } finally {
                writer.release();
            }
        }
        assertThat(storage.getTrace(TraceId.of(0, 2))).isPresent();
        assertThat(storage.getTrace(TraceId.of(0, 3))).isEmpty();
        assertThat(registry.scrape().stream().filter(m -> m.getMetadata().getName().equals("jaeger_collector_spans_dropped"))
                .findFirst().orElseThrow().getDataPoints().get(0)).extracting("value").isEqualTo(1.0);
    }

    /** A writer that holds its first batch until released, so a test controls what stays queued. */
    private static final class BlockedWriter implements SpanWriter {
        private final CountDownLatch writing = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final SpanWriter next;

        BlockedWriter(SpanWriter next) {
            this.next = next;
        }

        @Override
        public void write(List<Span> spans) {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (next != null) {
                next.write(spans);
            }
        }

        void awaitWriting() throws InterruptedException {
            assertThat(writing.await(5, TimeUnit.SECONDS)).as("writer took the first batch").isTrue();
        }

        void release() {
            release.countDown();
        }
    }

    @Test
    void submit_cutsOverLongAttributeValuesAndSaysWhich() throws Exception {
        InMemoryStorage storage = new InMemoryStorage(1_000);
        Span span = spans(1, 1).get(0).toBuilder()
                .attributes(List.of(Attribute.of("db.statement", "x".repeat(50)), Attribute.of("short", "ok")))
                .events(List.of(new SpanEvent(1, "log", List.of(Attribute.of("stack", "y".repeat(30))))))
                .build();
        try (IngestPipeline pipeline = new IngestPipeline(storage, new PipelineOptions(100, 1_000_000, 1, 10, true, 20), metrics())) {
            pipeline.start();
            pipeline.submit(List.of(span), IngestSource.OTLP_HTTP).get(5, TimeUnit.SECONDS);
        }
        Span stored = storage.getTrace(TraceId.of(0, 1)).orElseThrow().spans().get(0);
        assertThat(stored.attributes()).containsExactly(Attribute.of("db.statement", "x".repeat(20)),
                Attribute.of("short", "ok"), Attribute.of("sightline.truncated_attributes", "db.statement,stack"));
        assertThat(stored.events().get(0).attributes()).containsExactly(Attribute.of("stack", "y".repeat(20)));
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

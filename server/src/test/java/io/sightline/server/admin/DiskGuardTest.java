package io.sightline.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.IngestSource;
import io.sightline.collector.pipeline.PipelineOptions;
import io.sightline.collector.pipeline.QueueFullException;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DiskGuardTest {
    private static final List<Span> ONE_SPAN = List.of(Span.builder().traceId(TraceId.of(0, 1)).spanId(1).name("op")
            .resource(new Resource("svc", List.of())).build());

    @Test
    void belowTheFloor_ingestIsRefusedRetryably_andResumesOnceSpaceIsBack() throws Exception {
        InMemoryStorage storage = new InMemoryStorage(100);
        AtomicLong free = new AtomicLong(10_000);
        try (IngestPipeline pipeline = new IngestPipeline(storage, new PipelineOptions(100, 1, 10),
                new CollectorMetrics(new PrometheusRegistry(), "h"))) {
            pipeline.start();
            DiskGuard guard = new DiskGuard(pipeline, 5_000, free::get, "/data");
            guard.check();
            pipeline.submit(ONE_SPAN, IngestSource.OTLP_GRPC).get(5, TimeUnit.SECONDS);

            free.set(4_999);
            guard.check();
            assertThat(pipeline.isRefusingIntake()).isTrue();
            assertThatThrownBy(() -> pipeline.submit(ONE_SPAN, IngestSource.OTLP_GRPC).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(QueueFullException.class)
                    .hasMessageContaining("ingest refused: only 4999 bytes free on the volume of /data")
                    .satisfies(e -> assertThat(((QueueFullException) e.getCause()).reason()).isEqualTo("disk_full"));

            free.set(5_000);
            guard.check();
            assertThat(pipeline.isRefusingIntake()).isFalse();
            pipeline.submit(ONE_SPAN, IngestSource.OTLP_GRPC).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnreadableVolume_changesNothing() {
        InMemoryStorage storage = new InMemoryStorage(100);
        try (IngestPipeline pipeline = new IngestPipeline(storage, new PipelineOptions(100, 1, 10),
                new CollectorMetrics(new PrometheusRegistry(), "h"))) {
            new DiskGuard(pipeline, 5_000, () -> -1, "/gone").check();
            assertThat(pipeline.isRefusingIntake()).isFalse();
        }
    }
}

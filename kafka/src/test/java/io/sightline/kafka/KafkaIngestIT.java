package io.sightline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.StorageException;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The writer, a real KRaft broker and the ingester, end to end. */
class KafkaIngestIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaTestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaTestBroker.shared();
    }

    @ParameterizedTest
    @EnumSource(KafkaEncoding.class)
    void spansFromTheWriter_reachStorageThroughTheIngester_unchanged(KafkaEncoding encoding) {
        String topic = broker.createTopic("spans-" + encoding.jaegerName(), 3);
        List<Span> spans = spans(6, 5, "checkout");
        spans.set(0, TestSpans.rich(spans.get(0).traceId(), 0x7777L, "checkout"));
        InMemoryStorage storage = new InMemoryStorage(10_000);
        PrometheusRegistry registry = new PrometheusRegistry();

        try (KafkaSpanWriter writer = KafkaSpanWriter.open(producerOptions(topic).withEncoding(encoding));
             Ingester ingester = Ingester.start(ingesterOptions(topic, "group-" + encoding).withEncoding(encoding)
                     .withParallelism(2), storage, registry)) {
            writer.write(spans.subList(0, 10));
            writer.write(spans.subList(10, spans.size()));

            await(() -> storage.storedSpans() == spans.size(), "all " + spans.size() + " spans stored");
            assertThat(storedSpans(storage, spans)).containsExactlyInAnyOrderElementsOf(spans);
            await(() -> RegistryValues.sum(registry, "jaeger_ingester_sarama_consumer_partitions_held") == 3,
                    "both consumers together hold the 3 partitions");
            await(() -> RegistryValues.series(registry, "jaeger_ingester_sarama_consumer_offset_lag") == 3
                    && RegistryValues.sum(registry, "jaeger_ingester_sarama_consumer_offset_lag") == 0, "lag 0 on 3 partitions");
            assertThat(RegistryValues.sum(registry, "jaeger_ingester_sarama_consumer_messages")).isEqualTo(spans.size());
            assertThat(RegistryValues.sum(registry, "sightline_ingester_spans_written")).isEqualTo(spans.size());
            assertThat(RegistryValues.sum(registry, "sightline_ingester_decode_errors")).isZero();
        }
    }

    @Test
    void poisonMessage_isSkippedAndCounted_andLaterMessagesStillArrive() {
        String topic = broker.createTopic("poison", 1);
        InMemoryStorage storage = new InMemoryStorage(10_000);
        PrometheusRegistry registry = new PrometheusRegistry();
        List<Span> spans = spans(2, 3, "cart");

        try (KafkaSpanWriter writer = KafkaSpanWriter.open(producerOptions(topic))) {
            writer.write(spans.subList(0, 3));
            broker.send(topic, 0, "poison".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, 0x00, 0x13});
            broker.send(topic, 0, null, null);
            writer.write(spans.subList(3, 6));
        }
        try (Ingester ingester = Ingester.start(ingesterOptions(topic, "poison-group"), storage, registry)) {
            await(() -> storage.storedSpans() == 6, "the 6 good spans around the poison stored");
            assertThat(storedSpans(storage, spans)).containsExactlyInAnyOrderElementsOf(spans);
            assertThat(RegistryValues.sum(registry, "sightline_ingester_decode_errors")).isEqualTo(2);
            assertThat(RegistryValues.sum(registry, "jaeger_ingester_span_processor_errors")).isEqualTo(2);
            assertThat(RegistryValues.sum(registry, "jaeger_ingester_sarama_consumer_messages")).isEqualTo(8);
            assertThat(ingester.isRunning()).isTrue();
        }
    }

    @Test
    void restartedIngester_resumesFromTheCommittedOffsets_losingNothing() {
        String topic = broker.createTopic("restart", 3);
        List<Span> first = spans(4, 3, "a");
        List<Span> second = spans(4, 3, "b");
        InMemoryStorage before = new InMemoryStorage(10_000);
        InMemoryStorage after = new InMemoryStorage(10_000);

        try (KafkaSpanWriter writer = KafkaSpanWriter.open(producerOptions(topic))) {
            writer.write(first);
            try (Ingester ingester = Ingester.start(ingesterOptions(topic, "restart-group"), before, new PrometheusRegistry())) {
                await(() -> before.storedSpans() == first.size(), "the first batch stored");
            }
            writer.write(second);
        }
        try (Ingester restarted = Ingester.start(ingesterOptions(topic, "restart-group"), after, new PrometheusRegistry())) {
            await(() -> after.storedSpans() >= second.size(), "the second batch stored after the restart");
            assertThat(storedSpans(after, second)).containsExactlyInAnyOrderElementsOf(second);
            // A clean shutdown committed everything the first ingester stored, so none of it comes again.
            assertThat(storedSpans(after, first)).isEmpty();
        }
    }

    @Test
    void failingStorage_isRetriedWithBackoff_andNoSpanIsSkipped() {
        String topic = broker.createTopic("retry", 1);
        InMemoryStorage storage = new InMemoryStorage(10_000);
        AtomicInteger failuresLeft = new AtomicInteger(3);
        SpanWriter flaky = batch -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new StorageException("disk on fire");
            }
            storage.write(batch);
        };
        PrometheusRegistry registry = new PrometheusRegistry();
        List<Span> spans = spans(3, 2, "flaky");

        try (KafkaSpanWriter writer = KafkaSpanWriter.open(producerOptions(topic));
             Ingester ingester = Ingester.start(ingesterOptions(topic, "retry-group").withRetryBackoffMs(20, 100),
                     flaky, registry)) {
            writer.write(spans);
            await(() -> storage.storedSpans() == spans.size(), "every span stored once storage recovered");
            assertThat(RegistryValues.sum(registry, "sightline_ingester_write_failures")).isEqualTo(3);
            assertThat(RegistryValues.sum(registry, "sightline_ingester_decode_errors")).isZero();
        }
    }

    @Test
    void writerStart_withNoBrokerListening_failsNamingTheBrokersAndTopic() throws Exception {
        String nowhere = "127.0.0.1:" + KafkaTestBroker.freePort();

        assertThatThrownBy(() -> KafkaSpanWriter.open(KafkaProducerOptions.defaults(nowhere).withTimeouts(5_000, 1_500)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot reach Kafka at " + nowhere)
                .hasMessageContaining("no metadata for topic 'jaeger-spans' within 1500 ms");
    }

    @Test
    void refusedWrite_makesTheWriterUnhealthy_untilAWriteSucceeds() {
        String topic = broker.createTopic("health", 1);
        Span small = spans(1, 1, "svc").get(0);
        Span huge = small.toBuilder().spanId(99).attributes(List.of(Attribute.of("blob", "x".repeat(2_000_000)))).build();

        try (KafkaSpanWriter writer = KafkaSpanWriter.open(producerOptions(topic))) {
            assertThat(writer.check().healthy()).isTrue();

            assertThatThrownBy(() -> writer.write(List.of(huge)))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("Kafka did not acknowledge 1 spans to topic '" + topic + "'");
            assertThat(writer.check().healthy()).isFalse();
            assertThat(writer.check().message()).contains("larger than 1048576");

            writer.write(List.of(small));
            assertThat(writer.check().healthy()).isTrue();
        }
    }

    @Test
    void readers_areUnsupportedWithAMessageSayingWhereToRead() {
        String topic = broker.createTopic("readers", 1);
        try (KafkaSpanWriter writer = KafkaSpanWriter.open(producerOptions(topic))) {
            assertThatThrownBy(writer::traceReader).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("only writes spans to a topic");
        }
    }

    private static KafkaProducerOptions producerOptions(String topic) {
        return KafkaProducerOptions.defaults(broker.bootstrapServers()).withTopic(topic);
    }

    private static IngesterOptions ingesterOptions(String topic, String group) {
        return IngesterOptions.defaults(broker.bootstrapServers()).withTopic(topic).withGroupId(group);
    }

    /** {@code traces} traces of {@code spansPerTrace} spans, with fresh random trace IDs. */
    static List<Span> spans(int traces, int spansPerTrace, String service) {
        List<Span> out = new ArrayList<>();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int t = 0; t < traces; t++) {
            TraceId traceId = TraceId.of(random.nextLong(), random.nextLong() | 1);
            for (int s = 1; s <= spansPerTrace; s++) {
                out.add(TestSpans.simple(traceId, s, service, "op-" + s));
            }
        }
        return out;
    }

    private static List<Span> storedSpans(InMemoryStorage storage, List<Span> of) {
        Set<TraceId> traceIds = new HashSet<>();
        of.forEach(span -> traceIds.add(span.traceId()));
        List<Span> out = new ArrayList<>();
        for (TraceId traceId : traceIds) {
            storage.getTrace(traceId).ifPresent(trace -> out.addAll(trace.spans()));
        }
        return out;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}

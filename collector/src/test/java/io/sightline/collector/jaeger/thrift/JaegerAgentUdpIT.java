package io.sightline.collector.jaeger.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.thrift.internal.senders.UdpSender;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Process;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.opentracing.tag.Tags;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.PipelineOptions;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent UDP ports on loopback: the Jaeger client's UdpSender (compact) and hand-made binary packets. */
class JaegerAgentUdpIT {
    private static final long START_MICROS = 1_700_000_000_000_000L;
    private static final int BINARY_MAX_PACKET_BYTES = 4_096;
    private static final long WAIT_NANOS = 10_000_000_000L;

    private static final PrometheusRegistry registry = new PrometheusRegistry();
    private static InMemoryStorage storage;
    private static IngestPipeline pipeline;
    private static JaegerAgentUdpServer compact;
    private static JaegerAgentUdpServer binary;

    @BeforeAll
    static void start() throws Exception {
        storage = new InMemoryStorage(100_000);
        CollectorMetrics metrics = new CollectorMetrics(registry, "test");
        JaegerAgentMetrics agentMetrics = new JaegerAgentMetrics(registry);
        pipeline = new IngestPipeline(storage, new PipelineOptions(1_000, 1, 100), metrics);
        pipeline.start();
        compact = new JaegerAgentUdpServer(JaegerAgentUdpServer.Protocol.COMPACT,
                JaegerAgentUdpOptions.defaults(JaegerAgentUdpServer.Protocol.COMPACT).withAddress("127.0.0.1", 0)
                        .withQueue(2, 100),
                pipeline, metrics, agentMetrics);
        binary = new JaegerAgentUdpServer(JaegerAgentUdpServer.Protocol.BINARY,
                JaegerAgentUdpOptions.defaults(JaegerAgentUdpServer.Protocol.BINARY).withAddress("127.0.0.1", 0)
                        .withQueue(2, 100).withMaxPacketBytes(BINARY_MAX_PACKET_BYTES)
                        .withPipelineSource(JaegerAgentUdpServer.JAEGER_UDP),
                pipeline, metrics, agentMetrics);
        compact.start();
        binary.start();
    }

    @AfterAll
    static void stop() {
        compact.close();
        binary.close();
        pipeline.close();
    }

    @Test
    void jaegerJavaClient_overUdpSenderCompact_storesTheSpansFieldByField() throws Exception {
        UdpSender sender = new UdpSender("127.0.0.1", compact.localPort(), 0);
        RemoteReporter reporter = new RemoteReporter.Builder().withSender(sender).withFlushInterval(60_000).build();
        JaegerTracer tracer = new JaegerTracer.Builder("udp-client-svc").withReporter(reporter)
                .withSampler(new ConstSampler(true)).withTag("region", "eu").build();
        JaegerSpan root = tracer.buildSpan("consume").withStartTimestamp(START_MICROS)
                .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CONSUMER).start();
        JaegerSpan child = tracer.buildSpan("store").asChildOf(root).withStartTimestamp(START_MICROS + 5).start();
        Tags.ERROR.set(child, true);
        child.setTag("rows", 3);
        child.finish(START_MICROS + 50);
        root.finish(START_MICROS + 100);
        tracer.close();

        TraceId traceId = TraceId.of(0, root.context().getTraceIdLow());
        assertThat(traceId.is64Bit()).isTrue();
        awaitTrue(() -> storage.getTrace(traceId).map(t -> t.spans().size() == 2).orElse(false));
        Trace trace = storage.getTrace(traceId).orElseThrow();
        Span storedRoot = trace.spans().stream().filter(s -> s.name().equals("consume")).findFirst().orElseThrow();
        Span storedChild = trace.spans().stream().filter(s -> s.name().equals("store")).findFirst().orElseThrow();
        assertThat(storedRoot.isRoot()).isTrue();
        assertThat(storedRoot.kind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(storedRoot.startEpochMicros()).isEqualTo(START_MICROS);
        assertThat(storedRoot.durationMicros()).isEqualTo(100);
        assertThat(storedRoot.flags()).isEqualTo(1);
        assertThat(storedRoot.serviceName()).isEqualTo("udp-client-svc");
        assertThat(storedRoot.resource().attributes()).contains(Attribute.of("region", "eu"));
        assertThat(storedChild.spanId()).isEqualTo(child.context().getSpanId());
        assertThat(storedChild.parentSpanId()).isEqualTo(root.context().getSpanId());
        assertThat(storedChild.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(storedChild.kind()).isEqualTo(SpanKind.UNSPECIFIED);
        assertThat(storedChild.attributes()).contains(Attribute.of("rows", 3L));
        assertThat(storedChild.durationMicros()).isEqualTo(45);
        assertThat(counter("jaeger_agent_thrift_udp_server_packets_processed", "compact")).isGreaterThanOrEqualTo(1);
        // Spans from the agent are counted as Jaeger all-in-one counts them: forwarded over gRPC.
        assertThat(sum("jaeger_collector_spans_received", "transport", "grpc")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void handMadeBinaryEmitBatchPacket_isStored() throws Exception {
        long traceLow = 0x6832L;
        Batch batch = new Batch(new Process("binary-svc").setTags(List.of(new Tag("ip", TagType.STRING).setVStr("10.0.0.1"))),
                List.of(new io.jaegertracing.thriftjava.Span(traceLow, 0x77, 0x1, 0, "emit", 1, START_MICROS, 9)
                        .setTags(List.of(new Tag("span.kind", TagType.STRING).setVStr("producer")))));
        send(binary.localPort(), ThriftReaderTest.agentPacket(false, batch));

        TraceId traceId = TraceId.of(0x77, traceLow);
        awaitTrue(() -> storage.getTrace(traceId).isPresent());
        Span span = storage.getTrace(traceId).orElseThrow().spans().get(0);
        assertThat(span.traceId().toHex()).isEqualTo("00000000000000770000000000006832");
        assertThat(span.spanId()).isEqualTo(1);
        assertThat(span.name()).isEqualTo("emit");
        assertThat(span.kind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(span.durationMicros()).isEqualTo(9);
        assertThat(span.serviceName()).isEqualTo("binary-svc");
        assertThat(span.resource().attributes()).containsExactly(Attribute.of("ip", "10.0.0.1"));
        assertThat(sum("jaeger_collector_spans_received", "transport", "udp")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void garbageOversizeAndZipkinPackets_areCountedAndDropped() throws Exception {
        double errorsBefore = counter("jaeger_agent_thrift_udp_t_processor_handler_errors", "binary");
        double oversizeBefore = counter("sightline_agent_udp_oversize_packets", "binary");
        double zipkinBefore = counter("sightline_agent_zipkin_batches_dropped", "binary");
        send(binary.localPort(), new byte[] {0x13, 0x37, 0x00, 0x01, 0x02});
        send(binary.localPort(), new byte[BINARY_MAX_PACKET_BYTES + 100]);
        send(binary.localPort(), ThriftReaderTest.zipkinPacket(false));
        awaitTrue(() -> counter("sightline_agent_udp_oversize_packets", "binary") == oversizeBefore + 1
                && counter("jaeger_agent_thrift_udp_t_processor_handler_errors", "binary") == errorsBefore + 2
                && counter("sightline_agent_zipkin_batches_dropped", "binary") == zipkinBefore + 1);
        assertThat(gauge("jaeger_agent_thrift_udp_server_packet_size", "binary")).isPositive();
        assertThat(counter("jaeger_agent_thrift_udp_server_packets_dropped", "binary")).isZero();
        assertThat(counter("jaeger_agent_thrift_udp_server_read_errors", "binary")).isZero();
    }

    @Test
    void close_stopsQuicklyAndIsIdempotent() throws Exception {
        JaegerAgentUdpServer server = new JaegerAgentUdpServer(JaegerAgentUdpServer.Protocol.COMPACT,
                JaegerAgentUdpOptions.defaults(JaegerAgentUdpServer.Protocol.COMPACT).withAddress("127.0.0.1", 0),
                pipeline, new CollectorMetrics(new PrometheusRegistry(), "test"), new JaegerAgentMetrics(new PrometheusRegistry()));
        server.start();
        long startNanos = System.nanoTime();
        server.close();
        server.close();
        assertThat(System.nanoTime() - startNanos).isLessThan(WAIT_NANOS);
    }

    private static void send(int port, byte[] packet) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT_NANOS / 1_000_000 + " ms");
            }
            Thread.sleep(10);
        }
    }

    private static double counter(String name, String protocol) {
        return sum(name, "protocol", protocol);
    }

    private static double gauge(String name, String protocol) {
        return sum(name, "protocol", protocol);
    }

    /** Sum of the series of {@code name} (without {@code _total}) whose {@code label} has {@code value}. */
    private static double sum(String name, String label, String value) {
        double total = 0;
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (!snapshot.getMetadata().getName().equals(name)) {
                continue;
            }
            for (DataPointSnapshot point : snapshot.getDataPoints()) {
                if (!value.equals(point.getLabels().get(label))) {
                    continue;
                }
                if (point instanceof CounterSnapshot.CounterDataPointSnapshot c) {
                    total += c.getValue();
                } else if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
                    total += g.getValue();
                }
            }
            return total;
        }
        throw new AssertionError("no metric " + name + " registered");
    }
}

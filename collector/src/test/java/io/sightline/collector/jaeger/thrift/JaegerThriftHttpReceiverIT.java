package io.sightline.collector.jaeger.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Server;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.thrift.internal.senders.HttpSender;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Process;
import io.opentracing.References;
import io.opentracing.tag.Tags;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.PipelineOptions;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.HexIds;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.SpanWriter;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/traces} over real HTTP on loopback, fed by the Jaeger Java client and by raw bodies. */
class JaegerThriftHttpReceiverIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final long START_MICROS = 1_700_000_000_000_000L;
    private static final long RAW_TRACE_LOW = 0x0BADC0FFEEL;

    private static InMemoryStorage storage;
    /** Swapped per test: the real store, or one that blocks or fails. */
    private static final AtomicReference<SpanWriter> writer = new AtomicReference<>();
    private static IngestPipeline pipeline;
    private static Server server;
    private static String base;

    @BeforeAll
    static void start() {
        storage = new InMemoryStorage(100_000);
        writer.set(storage);
        CollectorMetrics metrics = new CollectorMetrics(new PrometheusRegistry(), "test");
        pipeline = new IngestPipeline(spans -> writer.get().write(spans), new PipelineOptions(10, 1, 10), metrics);
        pipeline.start();
        var sb = Server.builder().http(0);
        new JaegerThriftHttpService(pipeline, metrics, MAX_BODY_BYTES).bindTo(sb);
        server = sb.build();
        server.start().join();
        base = "http://127.0.0.1:" + server.activeLocalPort();
    }

    @AfterAll
    static void stop() {
        server.stop().join();
        pipeline.close();
    }

    @BeforeEach
    void useRealStore() {
        writer.set(storage);
    }

    private static HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/api/traces"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static byte[] rawBatch(long firstSpanId, int spans) throws Exception {
        List<io.jaegertracing.thriftjava.Span> list = new ArrayList<>();
        for (int i = 0; i < spans; i++) {
            list.add(new io.jaegertracing.thriftjava.Span(RAW_TRACE_LOW, 0, firstSpanId + i, 0, "raw-op", 1, START_MICROS, 7));
        }
        return new TSerializer(new TBinaryProtocol.Factory()).serialize(new Batch(new Process("raw-svc"), list));
    }

    private static int storedRawSpans() {
        return storage.getTrace(TraceId.of(0, RAW_TRACE_LOW)).map(t -> t.spans().size()).orElse(0);
    }

    private static Attribute attribute(List<Attribute> attributes, String key) {
        return attributes.stream().filter(a -> a.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no attribute " + key + " in " + attributes));
    }

    @Test
    void jaegerJavaClient_overHttpSender_storesEverySpanFieldByField() throws Exception {
        HttpSender sender = new HttpSender.Builder(base + "/api/traces").build();
        RemoteReporter reporter = new RemoteReporter.Builder().withSender(sender).withFlushInterval(60_000).build();
        JaegerTracer tracer = new JaegerTracer.Builder("http-client-svc").withReporter(reporter)
                .withSampler(new ConstSampler(true)).withTraceId128Bit().withTag("deployment", "it").build();
        JaegerSpan root = tracer.buildSpan("GET /dispatch").withStartTimestamp(START_MICROS)
                .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_SERVER).withTag("http.status_code", 200).start();
        JaegerSpan child = tracer.buildSpan("query").asChildOf(root).withStartTimestamp(START_MICROS + 10)
                .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CLIENT).withTag("ratio", 0.25).start();
        Tags.ERROR.set(child, true);
        child.log(START_MICROS + 20, Map.of("event", "error", "message", "timeout"));
        JaegerSpan follower = tracer.buildSpan("async").addReference(References.FOLLOWS_FROM, root.context())
                .withStartTimestamp(START_MICROS + 30).start();
        child.finish(START_MICROS + 110);
        follower.finish(START_MICROS + 40);
        root.finish(START_MICROS + 1_000);
        // Closing the tracer flushes the reporter synchronously; the sender fails on any non-2xx answer.
        tracer.close();

        TraceId traceId = TraceId.of(root.context().getTraceIdHigh(), root.context().getTraceIdLow());
        assertThat(traceId.is64Bit()).isFalse();
        Trace trace = storage.getTrace(traceId).orElseThrow();
        assertThat(trace.spans()).hasSize(3);
        Span storedRoot = find(trace, "GET /dispatch");
        Span storedChild = find(trace, "query");
        Span storedFollower = find(trace, "async");

        assertThat(storedRoot.spanId()).isEqualTo(root.context().getSpanId());
        assertThat(storedRoot.isRoot()).isTrue();
        assertThat(storedRoot.flags()).isEqualTo(1);
        assertThat(storedRoot.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(storedRoot.statusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(storedRoot.startEpochMicros()).isEqualTo(START_MICROS);
        assertThat(storedRoot.durationMicros()).isEqualTo(1_000);
        assertThat(storedRoot.serviceName()).isEqualTo("http-client-svc");
        assertThat(storedRoot.resource().attributes()).contains(Attribute.of("deployment", "it"));
        assertThat(storedRoot.resource().attributes()).extracting(Attribute::key).contains("hostname", "jaeger.version");
        assertThat(attribute(storedRoot.attributes(), "http.status_code")).isEqualTo(Attribute.of("http.status_code", 200L));
        assertThat(attribute(storedRoot.attributes(), "sampler.type")).isEqualTo(Attribute.of("sampler.type", "const"));
        assertThat(storedRoot.attributes()).extracting(Attribute::key).doesNotContain("span.kind");

        assertThat(storedChild.parentSpanId()).isEqualTo(root.context().getSpanId());
        assertThat(storedChild.links()).isEmpty();
        assertThat(storedChild.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(storedChild.statusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(storedChild.attributes()).extracting(Attribute::key).doesNotContain("error", "span.kind");
        assertThat(attribute(storedChild.attributes(), "ratio")).isEqualTo(Attribute.of("ratio", 0.25));
        assertThat(storedChild.startEpochMicros()).isEqualTo(START_MICROS + 10);
        assertThat(storedChild.durationMicros()).isEqualTo(100);
        assertThat(storedChild.events()).hasSize(1);
        SpanEvent log = storedChild.events().get(0);
        assertThat(log.epochNanos()).isEqualTo((START_MICROS + 20) * 1_000);
        // The client writes a log's fields from a map, so "event" is not necessarily first.
        List<Attribute> fields = new ArrayList<>(log.attributes());
        if (!log.name().isEmpty()) {
            fields.add(Attribute.of("event", log.name()));
        }
        assertThat(fields).containsExactlyInAnyOrder(Attribute.of("event", "error"), Attribute.of("message", "timeout"));

        // A single FOLLOWS_FROM reference: Jaeger takes it as the parent.
        assertThat(storedFollower.parentSpanId()).isEqualTo(root.context().getSpanId());
        assertThat(storedFollower.links()).isEmpty();
        assertThat(HexIds.toHex16(storedFollower.spanId())).isEqualTo(HexIds.toHex16(follower.context().getSpanId()));
    }

    private static Span find(Trace trace, String name) {
        return trace.spans().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name));
    }

    @Test
    void bothThriftContentTypes_withParameters_areAcceptedWith202AndEmptyBody() throws Exception {
        int before = storedRawSpans();
        HttpResponse<String> thrift = post("application/x-thrift", rawBatch(100, 2));
        assertThat(thrift.statusCode()).isEqualTo(202);
        assertThat(thrift.body()).isEmpty();
        HttpResponse<String> binary = post("application/vnd.apache.thrift.binary; charset=utf-8", rawBatch(200, 1));
        assertThat(binary.statusCode()).isEqualTo(202);
        assertThat(storedRawSpans()).isEqualTo(before + 3);
        Span stored = storage.getTrace(TraceId.of(0, RAW_TRACE_LOW)).orElseThrow().spans().stream()
                .filter(s -> s.spanId() == 200).findFirst().orElseThrow();
        assertThat(stored.serviceName()).isEqualTo("raw-svc");
        assertThat(stored.durationMicros()).isEqualTo(7);
    }

    @Test
    void emptyBatch_is202() throws Exception {
        assertThat(post("application/x-thrift", rawBatch(1, 0)).statusCode()).isEqualTo(202);
    }

    @Test
    void otherOrMissingContentType_is400AsInJaeger() throws Exception {
        HttpResponse<String> json = post("application/json", rawBatch(300, 1));
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.body()).startsWith("Unsupported content type: application/json");
        HttpResponse<String> missing = post(null, rawBatch(300, 1));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).startsWith("Cannot parse content type");
    }

    @Test
    void garbageOrGzipBody_is400NamingTheProblem_andStoresNothing() throws Exception {
        int before = storedRawSpans();
        HttpResponse<String> garbage = post("application/x-thrift", new byte[] {0x0c, 0x00, 0x01, 0x7f, 0x7f});
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).startsWith("Unable to process request body: ");
        HttpResponse<String> gzip = post("application/x-thrift", new byte[] {0x1f, (byte) 0x8b, 0x08, 0, 0, 0, 0, 0});
        assertThat(gzip.statusCode()).isEqualTo(400);
        assertThat(storedRawSpans()).isEqualTo(before);
    }

    @Test
    void invalidSpan_is400NamingTheField() throws Exception {
        byte[] body = new TSerializer(new TBinaryProtocol.Factory()).serialize(new Batch(new Process("svc"),
                List.of(new io.jaegertracing.thriftjava.Span(RAW_TRACE_LOW, 0, 0, 0, "op", 1, START_MICROS, 1))));
        HttpResponse<String> response = post("application/x-thrift", body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Unable to process request body: spans[0].spanId: must not be 0\n");
    }

    @Test
    void nonPost_is405() throws Exception {
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/traces")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void bodyOverTheLimit_is413() throws Exception {
        HttpResponse<String> response = post("application/x-thrift", new byte[MAX_BODY_BYTES + 1]);
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void fullQueue_is429WithRetryAfter_andTheHeldRequestIsAcknowledgedLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        writer.set(spans -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            storage.write(spans);
        });
        byte[] filler = rawBatch(1_000, 10);
        CompletableFuture<Integer> held = CompletableFuture.supplyAsync(() -> {
            try {
                return post("application/x-thrift", filler).statusCode();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pipeline.queuedSpans() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            HttpResponse<String> response = post("application/x-thrift", rawBatch(2_000, 1));
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("retry-after")).hasValue("1");
            assertThat(response.body()).contains("ingest queue is full");
            assertThat(held).isNotDone();
        } finally {
            release.countDown();
        }
        assertThat(held.get()).isEqualTo(202);
    }

    @Test
    void storageFailure_is500() throws Exception {
        writer.set(spans -> {
            throw new IllegalStateException("disk on fire");
        });
        HttpResponse<String> response = post("application/x-thrift", rawBatch(3_000, 1));
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).startsWith("Cannot submit Jaeger batch: ").contains("disk on fire");
    }

    @Test
    void stoppedPipeline_is503WithRetryAfter() throws Exception {
        CollectorMetrics metrics = new CollectorMetrics(new PrometheusRegistry(), "test");
        IngestPipeline stopped = new IngestPipeline(storage, new PipelineOptions(10, 1, 10), metrics);
        stopped.start();
        stopped.close();
        var sb = Server.builder().http(0);
        new JaegerThriftHttpService(stopped, metrics, MAX_BODY_BYTES).bindTo(sb);
        Server stoppingServer = sb.build();
        stoppingServer.start().join();
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + stoppingServer.activeLocalPort() + "/api/traces"))
                    .header("Content-Type", "application/x-thrift")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(rawBatch(4_000, 1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("retry-after")).hasValue("1");
        } finally {
            stoppingServer.stop().join();
        }
    }
}

package io.sightline.collector.jaeger.thrift;

import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.IngestSource;
import io.sightline.collector.pipeline.PipelineStoppedException;
import io.sightline.collector.pipeline.QueueFullException;
import io.sightline.collector.pipeline.TooManySpansException;
import io.sightline.core.model.Span;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jaeger agent UDP port: each datagram is a Thrift {@code Agent.emitBatch} call in the compact
 * (6831) or binary (6832) protocol. No answer is possible, so every loss is counted instead: a
 * full decoding queue in {@code thrift_udp_server_packets_dropped}, an undecodable packet in
 * {@code thrift_udp_t_processor_handler_errors}, a full ingest queue in the collector's
 * rejected-requests counter. One thread reads the socket; a small bounded pool decodes.
 */
public final class JaegerAgentUdpServer implements AutoCloseable {
    /**
     * The labels Jaeger all-in-one gives agent spans: it forwards them to its own collector over
     * gRPC, and the spec recommends keeping those labels when short-circuiting in-process.
     */
    public static final IngestSource FORWARDED_AS_GRPC = new IngestSource("proto", "grpc");
    /** Labels that say where the spans really came from, for who prefers them to Jaeger's. */
    public static final IngestSource JAEGER_UDP = new IngestSource("jaeger", "udp");
    static final String MODEL = "jaeger";
    /** Packets still queued at close get this long to be decoded and handed to the pipeline. */
    private static final long CLOSE_DRAIN_MILLIS = 5_000;
    /** Bad packets are logged at most this often, so that a flood cannot flood the log. */
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger log = LoggerFactory.getLogger(JaegerAgentUdpServer.class);

    /** The Thrift protocol a port speaks. */
    public enum Protocol {
        COMPACT,
        BINARY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Protocol protocol;
    private final JaegerAgentUdpOptions options;
    private final IngestPipeline pipeline;
    private final CollectorMetrics collectorMetrics;
    private final UdpServerMetrics metrics;
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private DatagramChannel channel;
    private ThreadPoolExecutor workers;
    private Thread reader;
    private volatile boolean closed;

    public JaegerAgentUdpServer(Protocol protocol, JaegerAgentUdpOptions options, IngestPipeline pipeline,
            CollectorMetrics collectorMetrics, JaegerAgentMetrics agentMetrics) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.options = Objects.requireNonNull(options, "options");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.collectorMetrics = Objects.requireNonNull(collectorMetrics, "collectorMetrics");
        this.metrics = Objects.requireNonNull(agentMetrics, "agentMetrics").udpServer(MODEL, protocol.label());
    }

    /** Binds the socket and starts reading. */
    public synchronized void start() throws IOException {
        if (channel != null) {
            throw new IllegalStateException("already started");
        }
        DatagramChannel bound = DatagramChannel.open();
        try {
            if (options.socketBufferBytes() > 0) {
                bound.setOption(StandardSocketOptions.SO_RCVBUF, options.socketBufferBytes());
            }
            bound.bind(new InetSocketAddress(options.host(), options.port()));
        } catch (IOException | RuntimeException e) {
            bound.close();
            throw e;
        }
        channel = bound;
        String name = "sightline-jaeger-agent-" + protocol.label() + "-" + localPort();
        AtomicInteger workerNumber = new AtomicInteger();
        workers = new ThreadPoolExecutor(options.workers(), options.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(options.queuePackets()), runnable -> {
                    Thread thread = new Thread(runnable, name + "-worker-" + workerNumber.getAndIncrement());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        reader = new Thread(this::readLoop, name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The bound port (useful when the options asked for port 0). */
    public int localPort() {
        DatagramChannel current = channel;
        if (current == null) {
            throw new IllegalStateException("not started");
        }
        try {
            return ((InetSocketAddress) current.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("socket closed", e);
        }
    }

    private void readLoop() {
        // One byte more than the limit: a datagram that fills it was longer than allowed (the
        // rest was cut off by the kernel).
        ByteBuffer buffer = ByteBuffer.allocate(options.maxPacketBytes() + 1);
        while (!closed) {
            buffer.clear();
            try {
                channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                metrics.readError();
                warn("UDP read on port {} failed: {}", localPortOrMinusOne(), e.toString());
                continue;
            }
            int length = buffer.position();
            metrics.packetRead(length);
            if (length > options.maxPacketBytes()) {
                metrics.oversizePacket();
                warn("dropped a UDP packet on port {} longer than the {} byte limit", localPortOrMinusOne(),
                        options.maxPacketBytes());
                continue;
            }
            byte[] packet = Arrays.copyOf(buffer.array(), length);
            try {
                workers.execute(() -> process(packet));
                metrics.packetQueued();
            } catch (RejectedExecutionException e) {
                metrics.packetsDropped(1);
            }
            metrics.queueSize(workers.getQueue().size());
        }
    }

    private void process(byte[] packet) {
        metrics.queueSize(workers.getQueue().size());
        List<Span> spans;
        try {
            ThriftReader.AgentMessage message = ThriftReader.agentMessage(packet, packet.length, protocol == Protocol.COMPACT);
            if (message.batch() == null) {
                unsupported(message.method());
                return;
            }
            spans = JaegerThriftSpanDecoder.decode(message.batch());
        } catch (TException | RuntimeException e) {
            // RuntimeException: InvalidSpansException, and whatever a corrupt packet makes the Thrift reader throw.
            metrics.handlerError();
            warn("dropped an undecodable {} Thrift packet of {} bytes: {}", protocol.label(), packet.length, e.getMessage());
            return;
        }
        if (spans.isEmpty()) {
            return;
        }
        // Jaeger's agent answers nothing either; the pipeline counts dropped spans itself.
        pipeline.submit(spans, options.pipelineSource()).whenComplete((ignored, failure) -> {
            if (failure != null) {
                countRefusal(failure);
            }
        });
    }

    private void unsupported(String method) {
        if (ThriftReader.EMIT_ZIPKIN_BATCH.equals(method)) {
            metrics.zipkinBatchDropped();
            warn("dropped an emitZipkinBatch packet on the {} port: Zipkin Thrift over the agent is not supported, "
                    + "send Zipkin JSON or protobuf to the Zipkin endpoint instead", protocol.label());
        } else {
            metrics.handlerError();
            warn("dropped a packet calling unknown agent method {} on the {} port", method, protocol.label());
        }
    }

    private void countRefusal(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String reason = cause instanceof TooManySpansException ? "too_many_spans"
                : cause instanceof QueueFullException ? "queue_full"
                : cause instanceof PipelineStoppedException ? "stopping" : "storage_error";
        collectorMetrics.rejected(options.pipelineSource(), reason);
    }

    private void warn(String format, Object... args) {
        long now = System.nanoTime();
        long last = lastWarnNanos.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarnNanos.compareAndSet(last, now)) {
            log.warn(format + " (similar messages are suppressed for 10 s; the thrift_udp_* metrics count them all)", args);
        }
    }

    private int localPortOrMinusOne() {
        try {
            return localPort();
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    /**
     * Stops reading, then lets the workers hand every packet already queued to the pipeline
     * (bounded by a few seconds; what is left after that is counted as dropped). Close this
     * before the pipeline, so that those spans still find it open.
     */
    @Override
    public synchronized void close() {
        if (closed || channel == null) {
            closed = true;
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the UDP socket failed", e);
        }
        workers.shutdown();
        try {
            reader.join(CLOSE_DRAIN_MILLIS);
            if (!workers.awaitTermination(CLOSE_DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
                metrics.packetsDropped(workers.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            metrics.packetsDropped(workers.shutdownNow().size());
            Thread.currentThread().interrupt();
        }
        metrics.queueSize(0);
        metrics.closeTime(System.nanoTime() - startNanos);
    }
}

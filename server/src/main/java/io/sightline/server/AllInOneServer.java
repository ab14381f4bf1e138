package io.sightline.server;

import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.SystemInfo;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerTlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sightline.collector.InvalidSpansException;
import io.sightline.collector.jaeger.grpc.JaegerGrpcCollectorService;
import io.sightline.collector.jaeger.thrift.JaegerAgentMetrics;
import io.sightline.collector.jaeger.thrift.JaegerAgentUdpOptions;
import io.sightline.collector.jaeger.thrift.JaegerAgentUdpServer;
import io.sightline.collector.jaeger.thrift.JaegerThriftHttpService;
import io.sightline.collector.otlp.OtlpGrpcTraceService;
import io.sightline.collector.otlp.OtlpHttpService;
import io.sightline.collector.otlp.OtlpJsonReader;
import io.sightline.collector.otlp.OtlpSpanDecoder;
import io.sightline.collector.pipeline.CollectorMetrics;
import io.sightline.collector.pipeline.IngestPipeline;
import io.sightline.collector.pipeline.PipelineOptions;
import io.sightline.collector.zipkin.ZipkinHttpService;
import io.sightline.core.storage.StorageComponent;
import io.sightline.core.storage.StoredSpansListener;
import io.sightline.kafka.Ingester;
import io.sightline.query.QueryOptions;
import io.sightline.query.QueryService;
import io.sightline.spm.EmbeddedMetrics;
import io.sightline.spm.PrometheusReaderOptions;
import io.sightline.spm.SpanMetricsAggregator;
import io.sightline.spm.SpanMetricsOptions;
import io.sightline.spm.SpmQueryService;
import io.sightline.server.admin.AdminService;
import io.sightline.server.backup.BackupService;
import io.sightline.server.backup.Backups;
import io.sightline.server.auth.RequireAuth;
import io.sightline.server.admin.BuildInfo;
import io.sightline.server.admin.DataDirectoryMetrics;
import io.sightline.server.admin.DiskGuard;
import io.sightline.server.admin.StoreMetrics;
import io.sightline.storage.rocksdb.RocksDbStorage;
import io.sightline.server.admin.HealthState;
import io.sightline.server.config.HostPort;
import io.sightline.server.config.ServerRole;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import io.sightline.server.tls.ReloadingTlsProvider;
import io.sightline.server.tls.TlsCheck;
import io.sightline.server.tls.TlsOptions;
import io.sightline.server.tls.TlsReloader;
import io.sightline.server.ui.UiService;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components of one Sightline process, those its role ({@link ServerRole}) selects; all of
 * them for all-in-one. They start in dependency order and stop in the reverse: stop accepting
 * spans, drain the queue into storage, stop consuming Kafka, stop the read side, close the
 * store. Health turns ready only once every port is open.
 */
public final class AllInOneServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AllInOneServer.class);
    /** Room above the largest gRPC message for framing and headers. */
    private static final long GRPC_REQUEST_OVERHEAD_BYTES = 64 * 1024;

    private final SightlineConfig config;
    private final HealthState health = new HealthState();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private TlsReloader tlsReloader;
    private DiskGuard diskGuard;
    private io.prometheus.metrics.core.metrics.Counter authRefusals;
    private StorageComponent storage;
    /** Archived traces (POST /api/archive/{id}), never expired; null when archiving is off. */
    private StorageComponent archive;
    private IngestPipeline pipeline;
    private CollectorMetrics collectorMetrics;
    /** Null unless this role receives spans. */
    private SpanMetricsAggregator spanMetrics;
    private Ingester ingester;
    private EmbeddedMetrics embeddedMetrics;
    private Server otlpGrpc;
    private Server otlpHttp;
    private JaegerGrpcCollectorService jaegerGrpcService;
    private Server jaegerGrpc;
    private Server jaegerHttp;
    private Server zipkin;
    private JaegerAgentUdpServer agentCompact;
    private JaegerAgentUdpServer agentBinary;
    private Server query;
    private Server queryGrpc;
    private Server admin;
    private SamplingWiring sampling;
    private Server samplingHttp;
    private boolean closed;

    private AllInOneServer(SightlineConfig config) {
        this.config = config;
    }

    /**
     * Starts everything or nothing.
     *
     * @throws StartupException saying which component failed and where
     */
    public static AllInOneServer start(SightlineConfig config) {
        AllInOneServer server = new AllInOneServer(config);
        try {
            server.startComponents();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * The role picks the component groups: receivers (with sampling and SPM aggregation), query
     * (with the UI and the Monitor tab), the Kafka ingester. Storage and admin run in every role.
     */
    private void startComponents() {
        ServerRole role = config.role();
        tlsReloader = new TlsReloader(config.positiveLong(Setting.TLS_RELOAD_INTERVAL_MS));
        authRefusals = RequireAuth.registerRefusals(registry);
        BuildInfo build = BuildInfo.fromManifest();
        build.register(registry);
        JvmMetrics.builder().register(registry);
        openStorage(role);
        // Read-only mode: a store another process owns and writes; no ingest or sampling port is
        // opened (they are the owner's), so the two processes never compete for a port or a span.
        boolean receivesSpans = role.receivesSpans() && !config.readOnly();
        if (receivesSpans) {
            startIngest();
        }
        startAdmin(build);
        if (role.servesQueries()) {
            startQuery(build);
        }
        if (receivesSpans) {
            startReceivers();
        }
        if (role.consumesKafka()) {
            ingester = Ingester.start(KafkaSettings.ingester(config), storage.spanWriter(), registry);
        }
        health.ready(Clock.systemUTC().instant());
        log.info("Sightline {} started{}: {}; storage {}{}", role.cliName(), config.readOnly() ? " read-only" : "",
                describePorts(), describeStorage(),
                ingester == null ? "" : "; consuming Kafka topic " + ingester.options().topic());
    }

    private String describePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("OTLP gRPC", otlpGrpcPort());
        ports.put("OTLP HTTP", otlpHttpPort());
        ports.put("Jaeger gRPC", jaegerGrpcPort());
        ports.put("Jaeger HTTP", jaegerHttpPort());
        ports.put("agent UDP compact", agentCompactPort());
        ports.put("agent UDP binary", agentBinaryPort());
        ports.put("sampling", samplingHttpPort());
        ports.put("Zipkin", zipkinPort());
        ports.put("query", queryPort());
        ports.put("query gRPC", queryGrpcPort());
        ports.put("admin", adminPort());
        List<String> open = new ArrayList<>();
        ports.forEach((name, port) -> {
            if (port >= 0) {
                open.add(name + " " + port);
            }
        });
        return String.join(", ", open);
    }

    private void openStorage(ServerRole role) {
        try {
            storage = StorageFactory.open(config);
        } catch (RuntimeException e) {
            throw new StartupException("cannot open storage: " + e.getMessage(), e);
        }
        if (role.servesQueries() && config.bool(Setting.ARCHIVE_ENABLED)) {
            try {
                archive = StorageFactory.openArchive(config);
            } catch (RuntimeException e) {
                throw new StartupException("cannot open the archive storage: " + e.getMessage(), e);
            }
        }
        if (storage instanceof RocksDbStorage rocksDb) {
            DataDirectoryMetrics.register(storeDirectories(rocksDb), registry);
            StoreMetrics.register(rocksDb, registry);
        }
    }

    /** Sampling, SPM aggregation and the pipeline the receivers feed; the receivers open their ports later. */
    private void startIngest() {
        sampling = SamplingWiring.start(config, registry);
        collectorMetrics = new CollectorMetrics(registry, SystemInfo.hostname());
        try {
            spanMetrics = new SpanMetricsAggregator(new SpanMetricsOptions(
                    config.raw(Setting.SPM_NAMESPACE).trim(), config.spmBucketsMs(), config.spmDimensions(),
                    config.positiveInt(Setting.SPM_MAX_SERIES)), registry);
        } catch (IllegalArgumentException e) {
            throw new StartupException(Setting.SPM_DIMENSIONS.envName() + "=" + config.raw(Setting.SPM_DIMENSIONS)
                    + ": " + e.getMessage(), e);
        }
        pipeline = new IngestPipeline(storage.spanWriter(), new PipelineOptions(
                config.positiveInt(Setting.COLLECTOR_QUEUE_SIZE),
                config.positiveLong(Setting.COLLECTOR_QUEUE_MAX_BYTES),
                config.positiveInt(Setting.COLLECTOR_WRITER_THREADS),
                config.positiveInt(Setting.COLLECTOR_MAX_SPANS_PER_WRITE),
                config.bool(Setting.COLLECTOR_REJECT_WHEN_FULL),
                config.positiveInt(Setting.COLLECTOR_MAX_ATTRIBUTE_VALUE_CHARS),
                config.positiveInt(Setting.COLLECTOR_MAX_SPANS_PER_REQUEST)), collectorMetrics,
                java.util.stream.Stream.<StoredSpansListener>concat(java.util.stream.Stream.of(spanMetrics),
                        sampling.listeners().stream()).toList());
        pipeline.collectorTags(config.collectorTags());
        pipeline.start();
        if (storage instanceof RocksDbStorage rocksDb) {
            diskGuard = DiskGuard.start(pipeline, storeDirectories(rocksDb),
                    config.positiveLong(Setting.STORAGE_MIN_FREE_BYTES), registry);
        }
    }

    private void startAdmin(BuildInfo build) {
        admin = startServer(Setting.ADMIN_HOST_PORT, sb -> {
            new AdminService(health, registry, build, Clock.systemUTC()).storageHealth(storage::check).bindTo(sb);
            if (config.readOnly()) {
                BackupService.bindUnsupported(sb, "backup is off in read-only mode (" + Setting.STORAGE_READ_ONLY.envName()
                        + "=true): take it on the process that owns the store");
            } else if (storage instanceof RocksDbStorage rocksDb) {
                new BackupService(new Backups(rocksDb, Path.of(config.raw(Setting.BACKUP_DIR)), Clock.systemUTC())).bindTo(sb);
            } else {
                BackupService.bindUnsupported(sb, "backup needs the embedded store (SIGHTLINE_STORAGE=rocksdb)");
            }
        });
    }

    private void startQuery(BuildInfo build) {
        SpmQueryService spmQuery = spmQueryService();
        // Timed at the SPI, so that every backend reports its read latency the same way.
        StorageComponent timed = new TimedStorage(storage, registry, config.bool(Setting.QUERY_BEARER_TOKEN_PROPAGATION));
        QueryService queryService = new QueryService(timed, new QueryOptions(
                config.positiveInt(Setting.QUERY_MAX_LIMIT),
                config.positiveInt(Setting.QUERY_MAX_SPANS_PER_RESPONSE),
                config.queryMaxClockSkewAdjustmentNanos()), archive);
        query = startServer(Setting.QUERY_HTTP_HOST_PORT, sb -> {
            if (sampling != null) {
                sampling.bindExplain(sb, config.queryBasePath());
            }
            queryService.bindTo(sb, config.queryBasePath());
            queryService.bindTransform(sb, config.queryBasePath(), body -> {
                try {
                    return OtlpSpanDecoder.decode(OtlpJsonReader.read(body));
                } catch (InvalidSpansException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            });
            String prefix = config.queryBasePath().equals("/") ? "" : config.queryBasePath();
            new UiService(config.queryBasePath(), "{\"version\":" + build.toJson() + "}").bindTo(sb, prefix);
            spmQuery.bindTo(sb, config.queryBasePath());
        });
        queryGrpc = startServer(Setting.QUERY_GRPC_HOST_PORT,
                sb -> sb.service(QueryGrpcWiring.service(queryService, spmQuery, storage)));
    }

    private void startReceivers() {
        int grpcMaxMessage = config.positiveInt(Setting.OTLP_GRPC_MAX_MESSAGE_BYTES);
        otlpGrpc = startServer(Setting.OTLP_GRPC_HOST_PORT, sb -> sb
                .maxRequestLength(grpcMaxMessage + GRPC_REQUEST_OVERHEAD_BYTES)
                .service(new OtlpGrpcTraceService(pipeline, collectorMetrics).asGrpcService(grpcMaxMessage)));
        long httpMaxBody = config.positiveLong(Setting.OTLP_HTTP_MAX_BODY_BYTES);
        otlpHttp = startServer(Setting.OTLP_HTTP_HOST_PORT, sb -> {
            sb.maxRequestLength(httpMaxBody);
            new OtlpHttpService(pipeline, collectorMetrics, httpMaxBody).bindTo(sb);
        });
        startJaegerReceivers(collectorMetrics);
        if (config.bool(Setting.ZIPKIN_ENABLED)) {
            int zipkinMaxBody = config.positiveInt(Setting.ZIPKIN_MAX_BODY_BYTES);
            zipkin = startServer(Setting.ZIPKIN_HOST_PORT, sb -> {
                sb.maxRequestLength(zipkinMaxBody);
                new ZipkinHttpService(pipeline, collectorMetrics, zipkinMaxBody).bindTo(sb);
            });
        }
    }

    /** The aggregation feeds {@code /metrics} whatever the mode; the mode only picks what answers the Monitor tab. */
    private SpmQueryService spmQueryService() {
        if (config.readOnly() && config.metricsStorage() == SightlineConfig.MetricsStorageType.EMBEDDED) {
            // The owner writes the embedded metrics from the spans it receives; this process receives none.
            log.info("Read-only: the Monitor tab's embedded metrics are served by the process that owns the store;"
                    + " here /api/metrics/* is off (or set SIGHTLINE_METRICS_STORAGE=prometheus)");
            return SpmQueryService.disabled();
        }
        switch (config.metricsStorage()) {
            case EMBEDDED:
                if (spanMetrics == null) {
                    // The embedded store holds what this process aggregated; a query role aggregates nothing.
                    log.warn("{}=embedded shows nothing in the query role: the collectors aggregate SPM; export it to "
                            + "Prometheus and set {}=prometheus (see docs/scaling.md). /api/metrics/* answers 501.",
                            Setting.METRICS_STORAGE.envName(), Setting.METRICS_STORAGE.envName());
                    return SpmQueryService.disabled();
                }
                try {
                    embeddedMetrics = EmbeddedMetrics.start(spanMetrics, spmDirectory(),
                            config.positiveLong(Setting.SPM_RESOLUTION_MS), config.positiveLong(Setting.SPM_RETENTION_MS));
                } catch (RuntimeException e) {
                    throw new StartupException("cannot open the metrics store in " + spmDirectory() + ": "
                            + e.getMessage(), e);
                }
                return SpmQueryService.embedded(embeddedMetrics);
            case PROMETHEUS:
                return SpmQueryService.prometheus(new PrometheusReaderOptions(config.prometheusServerUrl(),
                        config.raw(Setting.PROMETHEUS_QUERY_NAMESPACE).trim(),
                        config.bool(Setting.PROMETHEUS_QUERY_NORMALIZE_CALLS),
                        config.bool(Setting.PROMETHEUS_QUERY_NORMALIZE_DURATION),
                        config.raw(Setting.PROMETHEUS_QUERY_DURATION_UNIT).trim(),
                        config.bool(Setting.PROMETHEUS_QUERY_SUPPORT_SPANMETRICS_CONNECTOR),
                        config.positiveLong(Setting.PROMETHEUS_TIMEOUT_MS)),
                        config.bool(Setting.QUERY_BEARER_TOKEN_PROPAGATION));
            default:
                return SpmQueryService.disabled();
        }
    }

    private void startJaegerReceivers(CollectorMetrics collectorMetrics) {
        int grpcMaxMessage = config.positiveInt(Setting.JAEGER_GRPC_MAX_MESSAGE_BYTES);
        jaegerGrpcService = new JaegerGrpcCollectorService(pipeline, collectorMetrics);
        jaegerGrpc = startServer(Setting.JAEGER_GRPC_HOST_PORT, sb -> sb
                .maxRequestLength(grpcMaxMessage + GRPC_REQUEST_OVERHEAD_BYTES)
                .service(jaegerGrpcService.asGrpcService(grpcMaxMessage, sampling.grpcService())));
        long httpMaxBody = config.positiveLong(Setting.JAEGER_HTTP_MAX_BODY_BYTES);
        jaegerHttp = startServer(Setting.JAEGER_HTTP_HOST_PORT, sb -> {
            sb.maxRequestLength(httpMaxBody);
            new JaegerThriftHttpService(pipeline, collectorMetrics, httpMaxBody).bindTo(sb);
            sampling.httpService().bindCollectorRoute(sb);
        });
        samplingHttp = startServer(Setting.SAMPLING_HTTP_HOST_PORT, sb -> sampling.httpService().bindAgentRoutes(sb));
        JaegerAgentMetrics agentMetrics = new JaegerAgentMetrics(registry);
        agentCompact = startAgent(Setting.AGENT_COMPACT_HOST_PORT, JaegerAgentUdpServer.Protocol.COMPACT,
                collectorMetrics, agentMetrics);
        agentBinary = startAgent(Setting.AGENT_BINARY_HOST_PORT, JaegerAgentUdpServer.Protocol.BINARY,
                collectorMetrics, agentMetrics);
    }

    private JaegerAgentUdpServer startAgent(Setting address, JaegerAgentUdpServer.Protocol protocol,
            CollectorMetrics collectorMetrics, JaegerAgentMetrics agentMetrics) {
        HostPort hostPort = config.hostPort(address);
        JaegerAgentUdpOptions options = JaegerAgentUdpOptions.defaults(protocol)
                .withAddress(hostPort.toSocketAddress().getHostString(), hostPort.port())
                .withMaxPacketBytes(config.positiveInt(Setting.AGENT_MAX_PACKET_BYTES));
        JaegerAgentUdpServer server = new JaegerAgentUdpServer(protocol, options, pipeline, collectorMetrics, agentMetrics);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            boolean inUse = e instanceof BindException || String.valueOf(e.getMessage()).contains("Address already in use");
            if (inUse) {
                throw new StartupException("UDP port " + hostPort.port() + " (" + address.envName() + "="
                        + config.raw(address) + ") is already in use", e);
            }
            throw new StartupException("cannot listen on UDP " + hostPort + " (" + address.envName() + "="
                    + config.raw(address) + "): " + e.getMessage(), e);
        }
        return server;
    }

    /** The store's directories, for the disk metrics and guard: one, or the key and value directories. */
    private static List<Path> storeDirectories(RocksDbStorage rocksDb) {
        return rocksDb.valueDirectory().equals(rocksDb.directory()) ? List.of(rocksDb.directory())
                : List.of(rocksDb.directory(), rocksDb.valueDirectory());
    }

    /** Next to the store (so the ephemeral one takes it along), or in the data directory for the memory store. */
    private Path spmDirectory() {
        return storage instanceof RocksDbStorage rocksDb ? rocksDb.directory().resolve("spm") : config.dataDir().resolve("spm");
    }

    private String describeStorage() {
        if (storage instanceof RocksDbStorage rocksDb) {
            String mode = config.ephemeral() ? " (ephemeral)" : config.readOnly() ? " (read-only)" : "";
            return "rocksdb at " + rocksDb.directory()
                    + (rocksDb.valueDirectory().equals(rocksDb.directory()) ? "" : ", values at " + rocksDb.valueDirectory())
                    + mode;
        }
        switch (config.storage()) {
            case OPENSEARCH:
                return config.raw(Setting.STORAGE).trim().toLowerCase(java.util.Locale.ROOT) + " at "
                        + config.raw(Setting.ES_SERVER_URLS);
            case KAFKA:
                return "kafka topic " + config.raw(Setting.KAFKA_PRODUCER_TOPIC) + " at "
                        + config.raw(Setting.KAFKA_PRODUCER_BROKERS);
            default:
                return "memory (at most " + config.raw(Setting.MEMORY_MAX_SPANS) + " spans)";
        }
    }

    private Server startServer(Setting address, Consumer<ServerBuilder> routes) {
        HostPort hostPort = config.hostPort(address);
        long shutdownTimeoutMs = config.positiveLong(Setting.SHUTDOWN_TIMEOUT_MS);
        ServerBuilder sb = Server.builder().gracefulShutdownTimeoutMillis(0, shutdownTimeoutMs);
        Optional<TlsOptions> tls = TlsOptions.forAddress(config, address);
        if (tls.isPresent()) {
            ReloadingTlsProvider provider;
            try {
                provider = new ReloadingTlsProvider(tls.get(), address.envName());
            } catch (IllegalArgumentException e) {
                throw new StartupException("TLS for " + address.envName() + ": " + e.getMessage(), e);
            }
            TlsCheck.build(provider, tls.get(), address);
            tlsReloader.watch(provider);
            List<String> protocols = tls.get().protocols();
            List<String> cipherSuites = tls.get().cipherSuites();
            sb.port(hostPort.toSocketAddress(), SessionProtocol.HTTPS)
                    .tlsProvider(provider, ServerTlsConfig.builder()
                            .clientAuth(tls.get().clientCa().isPresent() ? ClientAuth.REQUIRE : ClientAuth.NONE)
                            .tlsCustomizer(ssl -> {
                                ssl.protocols(protocols);
                                if (!cipherSuites.isEmpty()) {
                                    ssl.ciphers(cipherSuites);
                                }
                            })
                            // A configured list is the user's choice, as in Jaeger: Armeria would otherwise
                            // refuse every handshake of a list without HTTP/2's mandatory suite.
                            .allowsUnsafeCiphers(!cipherSuites.isEmpty())
                            .build());
        } else {
            sb.port(hostPort.toSocketAddress(), SessionProtocol.HTTP);
        }
        RequireAuth.forListener(config, address, authRefusals).ifPresent(sb::decorator);
        routes.accept(sb);
        Server server = sb.build();
        try {
            server.start().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            boolean inUse = cause instanceof BindException
                    || String.valueOf(cause.getMessage()).contains("Address already in use");
            throw new StartupException(inUse
                    ? "port " + hostPort.port() + " (" + address.envName() + "=" + config.raw(address) + ") is already in use"
                    : "cannot listen on " + hostPort + " (" + address.envName() + "): " + cause.getMessage(), cause);
        }
        return server;
    }

    public int otlpGrpcPort() {
        return port(otlpGrpc);
    }

    public int otlpHttpPort() {
        return port(otlpHttp);
    }

    public int jaegerGrpcPort() {
        return port(jaegerGrpc);
    }

    public int jaegerHttpPort() {
        return port(jaegerHttp);
    }

    /** The agent sampling port (Jaeger's 5778). */
    public int samplingHttpPort() {
        return port(samplingHttp);
    }

    public int agentCompactPort() {
        return agentCompact == null ? -1 : agentCompact.localPort();
    }

    public int agentBinaryPort() {
        return agentBinary == null ? -1 : agentBinary.localPort();
    }

    /** The Zipkin port, or -1 when Zipkin is switched off. */
    public int zipkinPort() {
        return port(zipkin);
    }

    public int queryPort() {
        return port(query);
    }

    /** The gRPC query port (Jaeger's 16685). */
    public int queryGrpcPort() {
        return port(queryGrpc);
    }

    public int adminPort() {
        return port(admin);
    }

    /** The bound port, or -1 for a component this role (or configuration) does not run. */
    private static int port(Server server) {
        return server == null ? -1 : server.activeLocalPort();
    }

    public ServerRole role() {
        return config.role();
    }

    public StorageComponent storage() {
        return storage;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        health.unavailable();
        List<RuntimeException> failures = new ArrayList<>();
        if (jaegerGrpcService != null) {
            run(jaegerGrpcService::markNotServing, failures);
        }
        closeAll(failures, agentCompact, agentBinary);
        stopTogether(failures, otlpGrpc, otlpHttp, jaegerGrpc, jaegerHttp, zipkin, samplingHttp);
        if (pipeline != null) {
            run(pipeline::close, failures);
        }
        if (ingester != null) {
            run(ingester::close, failures);
        }
        if (sampling != null) {
            run(sampling::close, failures);
        }
        stopTogether(failures, query, queryGrpc, admin);
        if (embeddedMetrics != null) {
            run(embeddedMetrics::close, failures);
        }
        if (storage != null) {
            run(storage::close, failures);
        }
        if (archive != null) {
            run(archive::close, failures);
        }
        if (tlsReloader != null) {
            run(tlsReloader::close, failures);
        }
        if (diskGuard != null) {
            run(diskGuard::close, failures);
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    /**
     * Stops servers at the same time: each one's event loops take a fixed quiet period to wind
     * down (about 2 s), which would otherwise add up.
     */
    private static void stopTogether(List<RuntimeException> failures, Server... servers) {
        List<CompletableFuture<?>> stopping = new ArrayList<>();
        for (Server server : servers) {
            if (server != null) {
                stopping.add(server.stop());
            }
        }
        for (CompletableFuture<?> stop : stopping) {
            run(stop::join, failures);
        }
    }

    private static void closeAll(List<RuntimeException> failures, AutoCloseable... closeables) {
        for (AutoCloseable closeable : closeables) {
            if (closeable != null) {
                run(() -> {
                    try {
                        closeable.close();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, failures);
            }
        }
    }

    private static void run(Runnable step, List<RuntimeException> failures) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}

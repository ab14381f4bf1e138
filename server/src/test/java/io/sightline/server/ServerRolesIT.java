package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.kafka.KafkaTestBroker;
import io.sightline.server.config.ServerRole;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each role opens exactly its own TCP ports, on fixed addresses, and no other. */
class ServerRolesIT {
    private static final List<Setting> TCP_PORTS = List.of(Setting.OTLP_GRPC_HOST_PORT, Setting.OTLP_HTTP_HOST_PORT,
            Setting.JAEGER_GRPC_HOST_PORT, Setting.JAEGER_HTTP_HOST_PORT, Setting.ZIPKIN_HOST_PORT,
            Setting.SAMPLING_HTTP_HOST_PORT, Setting.QUERY_HTTP_HOST_PORT, Setting.QUERY_GRPC_HOST_PORT,
            Setting.ADMIN_HOST_PORT);
    private static final Set<Setting> RECEIVER_PORTS = Set.of(Setting.OTLP_GRPC_HOST_PORT, Setting.OTLP_HTTP_HOST_PORT,
            Setting.JAEGER_GRPC_HOST_PORT, Setting.JAEGER_HTTP_HOST_PORT, Setting.ZIPKIN_HOST_PORT,
            Setting.SAMPLING_HTTP_HOST_PORT);

    @TempDir
    Path dataDir;

    @Test
    void collector_opensTheReceiversAndAdmin_notTheQueryPort() throws IOException {
        Set<Setting> expected = new HashSet<>(RECEIVER_PORTS);
        expected.add(Setting.ADMIN_HOST_PORT);
        try (Started started = start(ServerRole.COLLECTOR, Map.of(Setting.STORAGE, "memory"))) {
            started.assertOnlyOpen(expected);
            assertThat(started.server.agentCompactPort()).isPositive();
            String metrics = HttpGets.get(started.server.adminPort(), "/metrics").body();
            assertThat(metrics).contains("jaeger_collector_queue_capacity").doesNotContain("jaeger_ingester_");
        }
    }

    @Test
    void query_opensTheQueryPortAndAdmin_noReceivers() throws IOException {
        try (Started started = start(ServerRole.QUERY, Map.of())) {
            started.assertOnlyOpen(Set.of(Setting.QUERY_HTTP_HOST_PORT, Setting.QUERY_GRPC_HOST_PORT,
                    Setting.ADMIN_HOST_PORT));
            assertThat(started.server.agentCompactPort()).isEqualTo(-1);
            assertThat(HttpGets.get(started.server.queryPort(), "/api/services").statusCode()).isEqualTo(200);
            // The Monitor tab needs Prometheus in this role: the collectors aggregate SPM.
            assertThat(HttpGets.get(started.server.queryPort(), "/api/metrics/calls?service=x").statusCode()).isEqualTo(501);
        }
    }

    @Test
    void ingester_opensOnlyAdmin_andConsumesKafka() throws IOException {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        try (Started started = start(ServerRole.INGESTER, Map.of(Setting.KAFKA_CONSUMER_BROKERS, broker.bootstrapServers(),
                Setting.KAFKA_CONSUMER_TOPIC, broker.createTopic("roles", 1)))) {
            started.assertOnlyOpen(Set.of(Setting.ADMIN_HOST_PORT));
            assertThat(started.server.agentCompactPort()).isEqualTo(-1);
            Eventually.within(java.time.Duration.ofSeconds(30), () -> assertThat(
                    HttpGets.get(started.server.adminPort(), "/metrics").body())
                    .contains("jaeger_ingester_sarama_consumer_partitions_held 1.0"));
        }
    }

    @Test
    void allInOne_opensEveryPort() throws IOException {
        try (Started started = start(ServerRole.ALL_IN_ONE, Map.of(Setting.STORAGE, "memory"))) {
            started.assertOnlyOpen(Set.copyOf(TCP_PORTS));
        }
    }

    private Started start(ServerRole role, Map<Setting, String> settings) throws IOException {
        SightlineConfig config = TestServers.config(dataDir).with(Setting.ROLE, role.cliName());
        Map<Setting, Integer> ports = new EnumMap<>(Setting.class);
        for (Setting setting : TCP_PORTS) {
            int port = freePort();
            ports.put(setting, port);
            config = config.with(setting, "127.0.0.1:" + port);
        }
        for (Map.Entry<Setting, String> entry : settings.entrySet()) {
            config = config.with(entry.getKey(), entry.getValue());
        }
        return new Started(AllInOneServer.start(config), ports);
    }

    private record Started(AllInOneServer server, Map<Setting, Integer> ports) implements AutoCloseable {
        void assertOnlyOpen(Set<Setting> expected) {
            for (Setting setting : TCP_PORTS) {
                assertThat(isOpen(ports.get(setting))).as(setting.envName() + " open").isEqualTo(expected.contains(setting));
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private static boolean isOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.server.config.ConfigException;
import io.sightline.server.config.ServerRole;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Choosing the role, and the settings only some roles accept; nothing here starts a server. */
class ServerRoleTest {

    private record Run(int exit, String out, String err) {}

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SightlineMain.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void defaultRole_isAllInOne_andJaegersVariablesReachTheKafkaSettings() {
        SightlineConfig config = SightlineConfig.resolve(Map.of(), Map.of("KAFKA_PRODUCER_TOPIC", "spans-v2",
                "KAFKA_CONSUMER_GROUP_ID", "ingesters", "KAFKA_PRODUCER_REQUIRED_ACKS", "local"));

        assertThat(config.role()).isEqualTo(ServerRole.ALL_IN_ONE);
        assertThat(KafkaSettings.producer(config).topic()).isEqualTo("spans-v2");
        assertThat(KafkaSettings.producer(config).requiredAcks()).isEqualTo("local");
        assertThat(KafkaSettings.ingester(config).groupId()).isEqualTo("ingesters");
    }

    @Test
    void roleVariable_picksTheRole() {
        assertThat(SightlineConfig.resolve(Map.of(), Map.of("SIGHTLINE_ROLE", "Ingester")).role())
                .isEqualTo(ServerRole.INGESTER);
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(), Map.of("SIGHTLINE_ROLE", "agent")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SIGHTLINE_ROLE: unknown role 'agent' (expected: all-in-one, collector, query or ingester)");
    }

    @Test
    void kafkaStorage_isRefusedOutsideTheCollectorRole() {
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(), Map.of("SPAN_STORAGE_TYPE", "kafka")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SIGHTLINE_STORAGE=kafka is only valid for the collector role (this is all-in-one)");
        assertThat(SightlineConfig.resolve(Map.of(Setting.ROLE, "collector"), Map.of("SPAN_STORAGE_TYPE", "kafka"))
                .storage()).isEqualTo(SightlineConfig.StorageType.KAFKA);
    }

    @Test
    void roleSubcommand_winsOverTheVariable() {
        Run run = run(Map.of("SIGHTLINE_ROLE", "collector", "SPAN_STORAGE_TYPE", "kafka"), "ingester");

        assertThat(run.exit()).isEqualTo(SightlineMain.EXIT_USAGE);
        assertThat(run.err()).contains("SIGHTLINE_STORAGE=kafka is only valid for the collector role (this is ingester)");
    }

    @Test
    void malformedKafkaSettings_areConfigurationErrorsNamingTheSetting() {
        Run encoding = run(Map.of("KAFKA_PRODUCER_ENCODING", "avro"), "collector");
        assertThat(encoding.exit()).isEqualTo(SightlineMain.EXIT_USAGE);
        assertThat(encoding.err()).contains("SIGHTLINE_KAFKA_PRODUCER_ENCODING: 'avro' (expected: protobuf or json)");

        SightlineConfig badAcks = SightlineConfig.resolve(Map.of(Setting.ROLE, "collector"),
                Map.of("KAFKA_PRODUCER_REQUIRED_ACKS", "most"));
        assertThatThrownBy(() -> KafkaSettings.producer(badAcks)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("requiredAcks: 'most' (expected: noack, local or all)");
    }

    @Test
    void collectorWithKafka_andNoBroker_failsStartupNamingTheBroker() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run(Map.of("SPAN_STORAGE_TYPE", "kafka", "KAFKA_PRODUCER_BROKERS", "127.0.0.1:" + port,
                "SIGHTLINE_KAFKA_PRODUCER_METADATA_TIMEOUT_MS", "1000"), "collector");

        assertThat(run.exit()).isEqualTo(SightlineMain.EXIT_STARTUP_FAILED);
        assertThat(run.err()).contains("cannot open storage: cannot reach Kafka at 127.0.0.1:" + port);
    }

    @Test
    void help_listsTheRoles() {
        assertThat(run(Map.of(), "--help").out()).contains("collector", "query", "ingester", "SIGHTLINE_ROLE");
    }
}

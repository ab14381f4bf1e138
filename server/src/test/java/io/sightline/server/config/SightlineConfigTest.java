package io.sightline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SightlineConfigTest {

    @Test
    void defaults_matchTheJaegerPorts() {
        SightlineConfig config = SightlineConfig.defaults();
        assertThat(config.hostPort(Setting.OTLP_GRPC_HOST_PORT).port()).isEqualTo(4317);
        assertThat(config.hostPort(Setting.OTLP_HTTP_HOST_PORT).port()).isEqualTo(4318);
        assertThat(config.hostPort(Setting.QUERY_HTTP_HOST_PORT).port()).isEqualTo(16686);
        assertThat(config.hostPort(Setting.ADMIN_HOST_PORT).port()).isEqualTo(14269);
        assertThat(config.storage()).isEqualTo(SightlineConfig.StorageType.ROCKSDB);
        assertThat(config.queryBasePath()).isEqualTo("/");
    }

    @Test
    void flagWinsOverOwnVariableWhichWinsOverJaegerAlias() {
        Map<String, String> env = Map.of("SIGHTLINE_COLLECTOR_QUEUE_SIZE", "10", "COLLECTOR_QUEUE_SIZE", "20");
        assertThat(SightlineConfig.resolve(Map.of(), env).positiveInt(Setting.COLLECTOR_QUEUE_SIZE)).isEqualTo(10);
        assertThat(SightlineConfig.resolve(Map.of(), Map.of("COLLECTOR_QUEUE_SIZE", "20"))
                .positiveInt(Setting.COLLECTOR_QUEUE_SIZE)).isEqualTo(20);
        assertThat(SightlineConfig.resolve(Map.of(Setting.COLLECTOR_QUEUE_SIZE, "5"), env)
                .positiveInt(Setting.COLLECTOR_QUEUE_SIZE)).isEqualTo(5);
    }

    @Test
    void jaegerStorageNamesMapOntoOurs() {
        assertThat(SightlineConfig.resolve(Map.of(), Map.of("SPAN_STORAGE_TYPE", "badger")).storage())
                .isEqualTo(SightlineConfig.StorageType.ROCKSDB);
        assertThat(SightlineConfig.resolve(Map.of(), Map.of("SPAN_STORAGE_TYPE", "memory")).storage())
                .isEqualTo(SightlineConfig.StorageType.MEMORY);
        assertThat(SightlineConfig.resolve(Map.of(), Map.of("SPAN_STORAGE_TYPE", "opensearch")).storage())
                .isEqualTo(SightlineConfig.StorageType.OPENSEARCH);
        assertThat(SightlineConfig.resolve(Map.of(), Map.of("SPAN_STORAGE_TYPE", "elasticsearch")).storage())
                .isEqualTo(SightlineConfig.StorageType.OPENSEARCH);
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(), Map.of("SPAN_STORAGE_TYPE", "cassandra")))
                .hasMessage("SIGHTLINE_STORAGE: unknown storage 'cassandra' (expected: rocksdb, memory, opensearch, elasticsearch or kafka)");
    }

    @Test
    void collectorTags_readJaegersVariable_withEnvironmentReferences_andAMalformedOneStopsStartup() {
        SightlineConfig config = SightlineConfig.resolve(Map.of(),
                Map.of("COLLECTOR_TAGS", "cluster=blue,region=${REGION:none}", "REGION", "eu"));
        assertThat(config.collectorTags().tags()).containsExactly(
                io.sightline.core.model.Attribute.of("cluster", "blue"), io.sightline.core.model.Attribute.of("region", "eu"));
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(), Map.of("COLLECTOR_TAGS", "cluster")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SIGHTLINE_COLLECTOR_TAGS: \"cluster\" (expected: key=value)");
    }

    @Test
    void unknownSightlineVariable_stopsStartupNamingIt() {
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(), Map.of("SIGHTLINE_DATADIR", "/x", "PATH", "/bin")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown setting SIGHTLINE_DATADIR");
    }

    @Test
    void malformedValues_areNamed() {
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.OTLP_GRPC_HOST_PORT, "localhost:http"), Map.of()))
                .hasMessageContaining("SIGHTLINE_OTLP_GRPC_HOST_PORT: 'localhost:http' is not an address");
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.COLLECTOR_QUEUE_SIZE, "-1"), Map.of()))
                .hasMessage("SIGHTLINE_COLLECTOR_QUEUE_SIZE: -1 (expected: > 0)");
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.STORAGE_SYNC_WRITES, "yes"), Map.of()))
                .hasMessage("SIGHTLINE_STORAGE_SYNC_WRITES: 'yes' (expected: true or false)");
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.QUERY_BASE_PATH, "jaeger/"), Map.of()))
                .hasMessageContaining("SIGHTLINE_QUERY_BASE_PATH: 'jaeger/'");
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.ADMIN_HOST_PORT, ":70000"), Map.of()))
                .hasMessageContaining("port 70000 out of range");
    }

    @Test
    void hostPort_acceptsTheJaegerForms() {
        assertThat(HostPort.parse(":4317", "X")).isEqualTo(new HostPort("", 4317));
        assertThat(HostPort.parse("0.0.0.0:4317", "X")).isEqualTo(new HostPort("0.0.0.0", 4317));
        assertThat(HostPort.parse("4317", "X")).isEqualTo(new HostPort("", 4317));
        assertThat(HostPort.parse("[::1]:4317", "X")).isEqualTo(new HostPort("::1", 4317));
    }

    @Test
    void queryClockSkew_isAGoDurationAcceptedUnderJaegersName() {
        assertThat(SightlineConfig.defaults().queryMaxClockSkewAdjustmentNanos()).isZero();
        assertThat(SightlineConfig.resolve(Map.of(), Map.of("QUERY_MAX_CLOCK_SKEW_ADJUSTMENT", "1m30s"))
                .queryMaxClockSkewAdjustmentNanos()).isEqualTo(90_000_000_000L);
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.QUERY_MAX_CLOCK_SKEW_ADJUSTMENT, "30"), Map.of()))
                .hasMessage("SIGHTLINE_QUERY_MAX_CLOCK_SKEW_ADJUSTMENT: time: missing unit in duration \"30\""
                        + " (expected: e.g. 0s, 30s, 1m)");
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.QUERY_MAX_CLOCK_SKEW_ADJUSTMENT, "-1s"), Map.of()))
                .hasMessage("SIGHTLINE_QUERY_MAX_CLOCK_SKEW_ADJUSTMENT: '-1s' (expected: >= 0s)");
    }

    @Test
    void queryLimits_arePositive() {
        assertThat(SightlineConfig.defaults().positiveInt(Setting.QUERY_MAX_LIMIT)).isEqualTo(1500);
        assertThat(SightlineConfig.defaults().positiveInt(Setting.QUERY_MAX_SPANS_PER_RESPONSE)).isEqualTo(1_000_000);
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.QUERY_MAX_SPANS_PER_RESPONSE, "0"), Map.of()))
                .hasMessage("SIGHTLINE_QUERY_MAX_SPANS_PER_RESPONSE: 0 (expected: > 0)");
    }
}

package io.sightline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("sightline.yaml"), yaml);
    }

    @Test
    void fileSetsWhatNeitherFlagsNorVariablesSet_andLosesToBoth() throws IOException {
        Path yaml = file("""
                # the settings of a test deployment
                data-dir: /var/lib/sightline
                otlp-grpc-host-port: ":14317"
                collector-queue-size: 50000
                SIGHTLINE_ZIPKIN_ENABLED: false
                query-base-path: /jaeger
                """);
        SightlineConfig config = SightlineConfig.resolve(Map.of(Setting.QUERY_BASE_PATH, "/traces"), Map.of(
                "SIGHTLINE_CONFIG_FILE", yaml.toString(),
                "SIGHTLINE_COLLECTOR_QUEUE_SIZE", "70000"));

        assertThat(config.raw(Setting.DATA_DIR)).isEqualTo("/var/lib/sightline");
        assertThat(config.hostPort(Setting.OTLP_GRPC_HOST_PORT).port()).isEqualTo(14317);
        assertThat(config.bool(Setting.ZIPKIN_ENABLED)).isFalse();
        assertThat(config.positiveInt(Setting.COLLECTOR_QUEUE_SIZE)).isEqualTo(70000);
        assertThat(config.queryBasePath()).isEqualTo("/traces");
        assertThat(config.raw(Setting.ADMIN_HOST_PORT)).isEqualTo(":14269");
    }

    @Test
    void jaegerAliasVariable_winsOverTheFile() throws IOException {
        Path yaml = file("otlp-grpc-host-port: \":14317\"\n");
        SightlineConfig config = SightlineConfig.resolve(Map.of(Setting.CONFIG_FILE, yaml.toString()),
                Map.of("COLLECTOR_OTLP_GRPC_HOST_PORT", ":24317"));
        assertThat(config.hostPort(Setting.OTLP_GRPC_HOST_PORT).port()).isEqualTo(24317);
    }

    @Test
    void unknownKeys_areNamedWithTheFile() throws IOException {
        Path yaml = file("data-dir: /tmp/x\notlp-grpc-hostport: \":1\"\nretention-days: 2\n");
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.CONFIG_FILE, yaml.toString()), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SIGHTLINE_CONFIG_FILE: '" + yaml + "' has unknown settings otlp-grpc-hostport, retention-days"
                        + " (see docs/configuration.md for the settings there are)");
    }

    @Test
    void malformedFiles_areRefusedNamingWhatIsWrong() throws IOException {
        Path nested = file("data-dir:\n  path: /tmp\n");
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.CONFIG_FILE, nested.toString()), Map.of()))
                .hasMessageContaining("data-dir must be a single value, not a mapping");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "data-dir: [unclosed\n");
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.CONFIG_FILE, broken.toString()), Map.of()))
                .hasMessageContaining("is not valid YAML").hasMessageContaining("line ");
        Path list = Files.writeString(dir.resolve("list.yaml"), "- data-dir\n");
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.CONFIG_FILE, list.toString()), Map.of()))
                .hasMessageContaining("must be a mapping of setting names to values");
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.CONFIG_FILE, dir.resolve("none.yaml").toString()),
                Map.of())).hasMessageContaining("SIGHTLINE_CONFIG_FILE: no such file");
        Path badValue = Files.writeString(dir.resolve("bad-value.yaml"), "collector-queue-size: lots\n");
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(Setting.CONFIG_FILE, badValue.toString()), Map.of()))
                .hasMessage("SIGHTLINE_COLLECTOR_QUEUE_SIZE: 'lots' is not a whole number");
    }

    @Test
    void emptyFile_changesNothing() throws IOException {
        Path yaml = file("# nothing yet\n");
        assertThat(SightlineConfig.resolve(Map.of(Setting.CONFIG_FILE, yaml.toString()), Map.of()).raw(Setting.DATA_DIR))
                .isEqualTo("./data");
    }
}

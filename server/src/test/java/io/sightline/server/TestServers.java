package io.sightline.server;

import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.nio.file.Path;

/** Configurations for servers started by tests: loopback, ephemeral ports, a given data directory. */
final class TestServers {
    private TestServers() {}

    static SightlineConfig config(Path dataDir) {
        return SightlineConfig.defaults()
                .with(Setting.DATA_DIR, dataDir.toString())
                .with(Setting.OTLP_GRPC_HOST_PORT, "127.0.0.1:0")
                .with(Setting.OTLP_HTTP_HOST_PORT, "127.0.0.1:0")
                .with(Setting.QUERY_HTTP_HOST_PORT, "127.0.0.1:0")
                .with(Setting.ADMIN_HOST_PORT, "127.0.0.1:0")
                .with(Setting.SHUTDOWN_TIMEOUT_MS, "2000");
    }
}

package io.sightline.server;

import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.nio.file.Path;

/** Configurations for servers started by tests: loopback, ephemeral ports, a given data directory. */
final class TestServers {
    private TestServers() {}

    static SightlineConfig config(Path dataDir) {
        SightlineConfig config = SightlineConfig.defaults()
                .with(Setting.DATA_DIR, dataDir.toString())
                .with(Setting.SHUTDOWN_TIMEOUT_MS, "2000");
        for (Setting setting : Setting.values()) {
            if (setting.name().endsWith("_HOST_PORT")) {
                config = config.with(setting, "127.0.0.1:0");
            }
        }
        return config;
    }
}

package io.sightline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreModeSettingsTest {

    @Test
    void keyAndValueDirectories_defaultToTheDataDirectory() {
        SightlineConfig config = SightlineConfig.resolve(Map.of(), Map.of("SIGHTLINE_DATA_DIR", "/var/lib/sightline"));
        assertThat(config.storeDir()).isEqualTo(Path.of("/var/lib/sightline"));
        assertThat(config.valueDir()).isEqualTo(Path.of("/var/lib/sightline"));
        assertThat(config.ephemeral()).isFalse();
        assertThat(config.readOnly()).isFalse();
        assertThat(config.readOnlyCatchUpInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jaegersBadgerVariables_areAccepted() {
        SightlineConfig config = SightlineConfig.resolve(Map.of(), Map.of(
                "BADGER_DIRECTORY_KEY", "/badger/key", "BADGER_DIRECTORY_VALUE", "/badger/data",
                "BADGER_READ_ONLY", "true"));
        assertThat(config.storeDir()).isEqualTo(Path.of("/badger/key"));
        assertThat(config.valueDir()).isEqualTo(Path.of("/badger/data"));
        assertThat(config.readOnly()).isTrue();
        assertThat(SightlineConfig.resolve(Map.of(), Map.of("BADGER_EPHEMERAL", "true")).ephemeral()).isTrue();
    }

    @Test
    void onlyAKeyDirectory_putsTheValuesThereToo() {
        SightlineConfig config = SightlineConfig.resolve(Map.of(Setting.STORAGE_KEY_DIR, "/ssd/keys"), Map.of());
        assertThat(config.valueDir()).isEqualTo(Path.of("/ssd/keys"));
    }

    @Test
    void ephemeralAndReadOnlyTogether_stopStartUpNamingBoth() {
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(), Map.of("SIGHTLINE_STORAGE_EPHEMERAL", "true",
                "SIGHTLINE_STORAGE_READ_ONLY", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SIGHTLINE_STORAGE_EPHEMERAL").hasMessageContaining("SIGHTLINE_STORAGE_READ_ONLY");
    }

    @Test
    void readOnlyOnTheMemoryStore_isRefused() {
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(), Map.of("SIGHTLINE_STORAGE", "memory",
                "SIGHTLINE_STORAGE_READ_ONLY", "true")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs the embedded store");
    }

    @Test
    void badValues_areRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(), Map.of("SIGHTLINE_STORAGE_READ_ONLY", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SIGHTLINE_STORAGE_READ_ONLY");
        assertThatThrownBy(() -> SightlineConfig.resolve(Map.of(),
                Map.of("SIGHTLINE_STORAGE_READ_ONLY_CATCH_UP_INTERVAL", "0s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 1ms");
    }
}

package io.sightline.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents exactly the settings the server has, with their defaults. */
class ConfigurationDocTest {

    @Test
    void everySettingIsDocumentedWithItsFlagAndDefault() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (Setting setting : Setting.values()) {
            String row = doc.lines().filter(line -> line.contains("`" + setting.envName() + "`")).findFirst()
                    .orElseThrow(() -> new AssertionError(setting.envName() + " is missing from docs/configuration.md"));
            assertThat(row).as(setting.envName()).contains("`" + setting.flag() + "`")
                    .contains("`" + setting.defaultValue() + "`");
            for (String alias : setting.aliases()) {
                assertThat(row).as(setting.envName() + " alias").contains("`" + alias + "`");
            }
        }
        doc.lines().filter(line -> line.startsWith("| `SIGHTLINE_")).forEach(line -> {
            String name = line.substring(3, line.indexOf('`', 3));
            assertThat(Setting.values()).as("documented " + name + " exists")
                    .anyMatch(setting -> setting.envName().equals(name));
        });
    }
}

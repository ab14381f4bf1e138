package io.sightline.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The optional YAML settings file: a flat mapping whose keys are the settings' names as flags
 * without the dashes in front ({@code otlp-grpc-host-port}), or as variables
 * ({@code SIGHTLINE_OTLP_GRPC_HOST_PORT}), and whose values are scalars. An unknown key or a
 * nested value is an error naming it, so that a typo never silently falls back to a default.
 */
final class ConfigFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigFile() {}

    static Map<Setting, String> read(Path path) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(path));
        } catch (NoSuchFileException e) {
            throw new ConfigException(Setting.CONFIG_FILE.envName() + ": no such file '" + path + "'");
        } catch (JsonProcessingException e) {
            throw new ConfigException(Setting.CONFIG_FILE.envName() + ": '" + path + "' is not valid YAML: "
                    + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw new ConfigException(Setting.CONFIG_FILE.envName() + ": cannot read '" + path + "': " + e.getMessage());
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            throw new ConfigException(Setting.CONFIG_FILE.envName() + ": '" + path
                    + "' must be a mapping of setting names to values");
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            Setting setting = byKey(field.getKey());
            if (setting == null) {
                unknown.add(field.getKey());
                continue;
            }
            JsonNode value = field.getValue();
            if (!value.isValueNode()) {
                throw new ConfigException(Setting.CONFIG_FILE.envName() + ": '" + path + "': " + field.getKey()
                        + " must be a single value, not a " + (value.isArray() ? "list" : "mapping"));
            }
            values.put(setting, value.isNull() ? "" : value.asText());
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(Setting.CONFIG_FILE.envName() + ": '" + path + "' has unknown setting"
                    + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (see docs/configuration.md for the settings there are)");
        }
        return values;
    }

    private static Setting byKey(String key) {
        for (Setting setting : Setting.values()) {
            if (setting.flag().substring(2).equals(key) || setting.envName().equals(key)) {
                return setting;
            }
        }
        return null;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}

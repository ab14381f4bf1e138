package io.sightline.server.tls;

import io.sightline.server.config.ConfigException;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The TLS settings of one listening address: off, or a certificate and key, and optionally a
 * client CA that makes client certificates required.
 */
public record TlsOptions(Path certificate, Path privateKey, Optional<Path> clientCa) {

    /**
     * The TLS options of the server listening on {@code address}, empty when TLS is off there.
     *
     * @throws ConfigException when TLS is on without a certificate or key, or a file is missing
     */
    public static Optional<TlsOptions> forAddress(SightlineConfig config, Setting address) {
        String prefix = address.name().substring(0, address.name().length() - "_HOST_PORT".length());
        Setting enabled;
        try {
            enabled = Setting.valueOf(prefix + "_TLS_ENABLED");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!config.bool(enabled)) {
            return Optional.empty();
        }
        Path certificate = requiredFile(config, Setting.valueOf(prefix + "_TLS_CERT"), enabled);
        Path privateKey = requiredFile(config, Setting.valueOf(prefix + "_TLS_KEY"), enabled);
        Setting clientCaSetting = Setting.valueOf(prefix + "_TLS_CLIENT_CA");
        Optional<Path> clientCa = config.raw(clientCaSetting).isBlank()
                ? Optional.empty() : Optional.of(existingFile(config, clientCaSetting));
        return Optional.of(new TlsOptions(certificate, privateKey, clientCa));
    }

    private static Path requiredFile(SightlineConfig config, Setting setting, Setting enabled) {
        if (config.raw(setting).isBlank()) {
            throw new ConfigException(setting.envName() + " is required when " + enabled.envName() + "=true");
        }
        return existingFile(config, setting);
    }

    private static Path existingFile(SightlineConfig config, Setting setting) {
        Path path = Path.of(config.raw(setting).trim());
        if (!Files.isReadable(path)) {
            throw new ConfigException(setting.envName() + ": cannot read '" + path + "'");
        }
        return path;
    }
}

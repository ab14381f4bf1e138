package io.sightline.server.tls;

import com.linecorp.armeria.common.Flags;
import com.linecorp.armeria.common.util.TlsEngineType;
import io.netty.handler.ssl.OpenSsl;
import io.sightline.server.config.ConfigException;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The TLS settings of one listening address: off, or a certificate and key, optionally a client
 * CA that makes client certificates required, the TLS versions accepted and the TLS 1.2 cipher
 * suites offered.
 *
 * @param protocols the JSSE names of the versions accepted, such as {@code TLSv1.2}, lowest first
 * @param cipherSuites IANA names; empty for the TLS engine's defaults
 */
public record TlsOptions(Path certificate, Path privateKey, Optional<Path> clientCa, List<String> protocols,
                         List<String> cipherSuites) {
    /** Jaeger's spelling of a version, and the JSSE protocol name; older versions are not offered. */
    private static final List<String> VERSIONS = List.of("1.2", "1.3");

    public TlsOptions {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /**
     * The TLS options of the server listening on {@code address}, empty when TLS is off there.
     * Versions and cipher suites are checked even when TLS is off, so a typo does not wait for
     * the day TLS is switched on.
     *
     * @throws ConfigException when TLS is on without a certificate or key, a file is missing, or
     *     a version or cipher suite is not one this server offers
     */
    public static Optional<TlsOptions> forAddress(SightlineConfig config, Setting address) {
        String prefix = address.name().substring(0, address.name().length() - "_HOST_PORT".length());
        Setting enabled;
        try {
            enabled = Setting.valueOf(prefix + "_TLS_ENABLED");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        List<String> protocols = protocols(config, Setting.valueOf(prefix + "_TLS_MIN_VERSION"),
                Setting.valueOf(prefix + "_TLS_MAX_VERSION"));
        List<String> cipherSuites = cipherSuites(config, Setting.valueOf(prefix + "_TLS_CIPHER_SUITES"));
        if (!config.bool(enabled)) {
            return Optional.empty();
        }
        Path certificate = requiredFile(config, Setting.valueOf(prefix + "_TLS_CERT"), enabled);
        Path privateKey = requiredFile(config, Setting.valueOf(prefix + "_TLS_KEY"), enabled);
        Setting clientCaSetting = Setting.valueOf(prefix + "_TLS_CLIENT_CA");
        Optional<Path> clientCa = config.raw(clientCaSetting).isBlank()
                ? Optional.empty() : Optional.of(existingFile(config, clientCaSetting));
        return Optional.of(new TlsOptions(certificate, privateKey, clientCa, protocols, cipherSuites));
    }

    /** {@code TLSv1.2}, {@code TLSv1.3} or both, from the min and max settings. */
    static List<String> protocols(SightlineConfig config, Setting min, Setting max) {
        int low = version(config, min);
        int high = version(config, max);
        if (low > high) {
            throw new ConfigException(min.envName() + ": " + VERSIONS.get(low) + " is above " + max.envName() + " "
                    + VERSIONS.get(high));
        }
        List<String> protocols = new ArrayList<>();
        for (int i = low; i <= high; i++) {
            protocols.add("TLSv" + VERSIONS.get(i));
        }
        return protocols;
    }

    private static int version(SightlineConfig config, Setting setting) {
        String value = config.raw(setting).trim();
        int index = VERSIONS.indexOf(value);
        if (index < 0) {
            throw new ConfigException(setting.envName() + ": unsupported TLS version '" + config.raw(setting)
                    + "' (expected: 1.2 or 1.3; TLS 1.0 and 1.1 are not offered)");
        }
        return index;
    }

    /**
     * The suites named, each one the TLS engine in use supports; a TLS 1.3 name is refused,
     * since those are not configurable (as in Jaeger) and silently ignoring one would mislead.
     */
    static List<String> cipherSuites(SightlineConfig config, Setting setting) {
        String value = config.raw(setting).trim();
        if (value.isEmpty()) {
            return List.of();
        }
        Set<String> supported = supportedCipherSuites();
        Set<String> suites = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String suite = part.trim();
            if (suite.isEmpty()) {
                throw new ConfigException(setting.envName() + ": empty cipher suite name in '" + value + "'");
            }
            if (isTls13Suite(suite)) {
                throw new ConfigException(setting.envName() + ": " + suite
                        + " is a TLS 1.3 suite; those are not configurable, list TLS 1.2 suites only");
            }
            if (!supported.contains(suite)) {
                throw new ConfigException(setting.envName() + ": unknown or unsupported cipher suite '" + suite
                        + "' (expected IANA names such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");
            }
            suites.add(suite);
        }
        return List.copyOf(suites);
    }

    /** TLS 1.3 suites have no key exchange in their name: {@code TLS_AES_128_GCM_SHA256}. */
    private static boolean isTls13Suite(String suite) {
        return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
    }

    /** What the engine Armeria serves TLS with (BoringSSL when available, else the JDK) can offer. */
    private static Set<String> supportedCipherSuites() {
        if (Flags.tlsEngineType() == TlsEngineType.OPENSSL && OpenSsl.isAvailable()) {
            return OpenSsl.availableJavaCipherSuites();
        }
        try {
            return new LinkedHashSet<>(Arrays.asList(
                    SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS implementation", e);
        }
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

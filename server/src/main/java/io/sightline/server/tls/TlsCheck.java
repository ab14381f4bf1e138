package io.sightline.server.tls;

import com.linecorp.armeria.common.TlsKeyPair;
import io.netty.handler.ssl.SslContextBuilder;
import io.sightline.server.StartupException;
import io.sightline.server.config.Setting;
import javax.net.ssl.SSLException;

/**
 * Builds one TLS context of a listener at start-up, with its versions and cipher suites, so that
 * a combination the TLS engine refuses stops start-up naming the listener instead of failing
 * every handshake later.
 */
public final class TlsCheck {
    private TlsCheck() {}

    /** @throws StartupException naming {@code address} when the context cannot be built */
    public static void build(ReloadingTlsProvider provider, TlsOptions options, Setting address) {
        TlsKeyPair keyPair = provider.keyPair("localhost");
        SslContextBuilder builder = SslContextBuilder.forServer(keyPair.privateKey(), keyPair.certificateChain())
                .protocols(options.protocols());
        if (!options.cipherSuites().isEmpty()) {
            builder.ciphers(options.cipherSuites());
        }
        try {
            builder.build();
        } catch (SSLException | RuntimeException e) {
            String prefix = address.name().substring(0, address.name().length() - "_HOST_PORT".length());
            throw new StartupException("TLS for " + address.envName() + ": the TLS engine refuses the versions "
                    + options.protocols() + " with cipher suites " + options.cipherSuites() + " (SIGHTLINE_" + prefix
                    + "_TLS_MIN_VERSION/_MAX_VERSION/_CIPHER_SUITES): " + e.getMessage(), e);
        }
    }
}

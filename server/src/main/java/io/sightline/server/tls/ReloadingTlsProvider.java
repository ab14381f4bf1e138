package io.sightline.server.tls;

import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.common.TlsProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key pair and client CAs of one TLS listener, re-read when their files change, so that a
 * renewed certificate (cert-manager, a Kubernetes secret update) is served without a restart.
 * New connections get the current pair; a set of files that does not load is logged once and
 * the previous pair is kept.
 */
public final class ReloadingTlsProvider implements TlsProvider {
    private static final Logger log = LoggerFactory.getLogger(ReloadingTlsProvider.class);

    private final TlsOptions options;
    private final String listener;
    private volatile Loaded current;

    /**
     * @param listener names the listener in log lines, such as {@code SIGHTLINE_OTLP_GRPC_HOST_PORT}
     * @throws IllegalArgumentException when the files do not hold a usable key pair or CA bundle
     */
    public ReloadingTlsProvider(TlsOptions options, String listener) {
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.current = load();
    }

    @Override
    public TlsKeyPair keyPair(String hostname) {
        return current.keyPair;
    }

    @Override
    public List<X509Certificate> trustedCertificates(String hostname) {
        return current.clientCas;
    }

    /** Loads the files again if any of them changed since the last load; returns whether it did. */
    public boolean reloadIfChanged() {
        List<FileTime> stamps;
        try {
            stamps = stamps();
        } catch (UncheckedIOException e) {
            log.warn("TLS files of {} cannot be read, keeping the current certificate: {}", listener, e.getMessage());
            return false;
        }
        if (stamps.equals(current.stamps)) {
            return false;
        }
        try {
            current = load();
            log.info("TLS certificate of {} reloaded from {}", listener, options.certificate());
            return true;
        } catch (IllegalArgumentException e) {
            log.warn("TLS files of {} changed but do not load, keeping the current certificate: {}", listener,
                    e.getMessage());
            return false;
        }
    }

    private Loaded load() {
        List<FileTime> stamps = stamps();
        TlsKeyPair keyPair;
        try {
            keyPair = TlsKeyPair.of(options.privateKey().toFile(), options.certificate().toFile());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot load the key pair from " + options.certificate() + " and "
                    + options.privateKey() + ": " + rootMessage(e), e);
        }
        List<X509Certificate> clientCas = options.clientCa().map(ReloadingTlsProvider::readCertificates).orElse(List.of());
        return new Loaded(keyPair, clientCas, stamps);
    }

    private List<FileTime> stamps() {
        List<FileTime> stamps = new ArrayList<>();
        try {
            stamps.add(Files.getLastModifiedTime(options.certificate()));
            stamps.add(Files.getLastModifiedTime(options.privateKey()));
            if (options.clientCa().isPresent()) {
                stamps.add(Files.getLastModifiedTime(options.clientCa().get()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stamps;
    }

    private static List<X509Certificate> readCertificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) certificate);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + pem);
            }
            return List.copyOf(out);
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("cannot read the CA bundle " + pem + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** Armeria must not close this provider with a server: its owner does. */
    @Override
    public boolean autoClose() {
        return false;
    }

    private record Loaded(TlsKeyPair keyPair, List<X509Certificate> clientCas, List<FileTime> stamps) {}
}

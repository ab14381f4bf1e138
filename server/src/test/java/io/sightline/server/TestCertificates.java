package io.sightline.server;

import com.linecorp.armeria.common.TlsKeyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Self-signed certificates for {@code localhost}, written as the PEM files a user would configure. */
final class TestCertificates {
    private TestCertificates() {}

    /** A fresh key pair and its PEM files {@code <name>.crt} and {@code <name>.key} in {@code dir}. */
    record Pem(TlsKeyPair keyPair, Path certificate, Path privateKey) {
        byte[] certificateBytes() {
            return read(certificate);
        }

        byte[] privateKeyBytes() {
            return read(privateKey);
        }
    }

    static Pem write(Path dir, String name) {
        TlsKeyPair keyPair = TlsKeyPair.ofSelfSigned("localhost");
        Path certificate = dir.resolve(name + ".crt");
        Path privateKey = dir.resolve(name + ".key");
        try {
            Files.createDirectories(dir);
            Files.writeString(certificate, pem("CERTIFICATE", keyPair.certificateChain().get(0).getEncoded()));
            Files.writeString(privateKey, pem("PRIVATE KEY", keyPair.privateKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Pem(keyPair, certificate, privateKey);
    }

    /** A client TLS context that trusts exactly {@code trusted}, presenting {@code clientPair} if not null. */
    static SSLContext clientContext(TlsKeyPair trusted, TlsKeyPair clientPair) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("server", trusted.certificateChain().get(0));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientPair != null) {
                KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
                keys.load(null, null);
                keys.setKeyEntry("client", clientPair.privateKey(), new char[0],
                        clientPair.certificateChain().toArray(new X509Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) throws GeneralSecurityException {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

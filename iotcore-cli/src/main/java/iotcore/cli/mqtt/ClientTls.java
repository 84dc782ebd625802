package iotcore.cli.mqtt;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** The client side of the broker's TLS: whom to trust (a CA file or the JDK's CAs) and which certificate to present. */
final class ClientTls {

    private ClientTls() {
    }

    static SSLSocketFactory socketFactory(Optional<Path> caFile, Optional<ClientCertificate> certificate) {
        List<X509Certificate> trusted = caFile.map(file -> PemFiles.certificates("--cafile", file)).orElse(List.of());
        return new TlsSocketFactory(context(trusted, certificate).getSocketFactory());
    }

    /** @param trusted CA certificates to trust; empty trusts the JDK's default authorities */
    static SSLContext context(List<X509Certificate> trusted, Optional<ClientCertificate> certificate) {
        try {
            KeyManager[] keyManagers = certificate.map(c -> new KeyManager[] {new FixedKeyManager(c)}).orElse(null);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trusted.isEmpty() ? null : trustManagers(trusted), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(List<X509Certificate> trusted) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e); // an empty in-memory store reads nothing
        }
        for (int i = 0; i < trusted.size(); i++) {
            store.setCertificateEntry("ca-" + i, trusted.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }
}

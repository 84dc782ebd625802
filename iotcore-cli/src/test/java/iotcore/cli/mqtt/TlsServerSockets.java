package iotcore.cli.mqtt;

import iotcore.testkit.TestCertificate;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Loopback TLS server sockets shaped like the broker's listener: any client certificate is accepted (the broker
 * matches it by fingerprint, not by CA), and which authorities the certificate request names is up to the test.
 */
final class TlsServerSockets {

    enum ClientAuth { REQUIRED, REQUESTED }

    private TlsServerSockets() {
    }

    static SSLServerSocket open(TestCertificate server, ClientAuth clientAuth, X509Certificate... namedAuthorities)
            throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        for (TestCertificate c = server; c != null; c = c.issuer()) {
            chain.add(c.certificate());
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", server.privateKey(), new char[0], chain.toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), new TrustManager[] {new AnyClient(namedAuthorities)}, null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        if (clientAuth == ClientAuth.REQUIRED) {
            socket.setNeedClientAuth(true);
        } else {
            socket.setWantClientAuth(true);
        }
        return socket;
    }

    /** Accepts every client certificate, and names the given authorities in the certificate request. */
    private record AnyClient(X509Certificate[] namedAuthorities) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a server only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return namedAuthorities.clone();
        }
    }
}

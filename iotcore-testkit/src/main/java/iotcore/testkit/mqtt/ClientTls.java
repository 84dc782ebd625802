package iotcore.testkit.mqtt;

import iotcore.testkit.TestCertificate;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * TLS material for a test client: trusts the CA file a server wrote (e.g. {@code <data-dir>/tls/ca.crt}),
 * optionally presents a client certificate given as PEM, and optionally restricts the TLS versions.
 *
 * <pre>
 * ClientTls tls = ClientTls.trusting(dataDir.resolve("tls/ca.crt")).clientCertificate(deviceCert).build();
 * SocketFactory factory = tls.socketFactory(); // for Paho: options.setSocketFactory(factory)
 * </pre>
 */
public final class ClientTls {

    private final SSLContext context;
    private final List<String> protocols;

    private ClientTls(SSLContext context, List<String> protocols) {
        this.context = context;
        this.protocols = protocols;
    }

    /** Trusts the PEM certificates in this file (a CA bundle). */
    public static Builder trusting(Path caFile) {
        try {
            return trustingPem(Files.readString(caFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CA file " + caFile, e);
        }
    }

    /** Trusts the PEM certificates in this text. */
    public static Builder trustingPem(String caPem) {
        return new Builder(caPem);
    }

    public SSLContext sslContext() {
        return context;
    }

    /** The TLS versions this client offers; empty means the JDK defaults (TLS 1.2 and 1.3). */
    public List<String> protocols() {
        return protocols;
    }

    /** A new socket factory over this context that records the sockets it makes (one per connection). */
    public RecordingSocketFactory socketFactory() {
        return new RecordingSocketFactory(context.getSocketFactory(), protocols);
    }

    /** Options of one {@link ClientTls}. */
    public static final class Builder {
        private final String caPem;
        private String certificatePem;
        private String privateKeyPem;
        private final List<String> protocols = new ArrayList<>();

        private Builder(String caPem) {
            this.caPem = caPem;
        }

        /** Presents this certificate (PEM, the first block is the leaf) with this key (PKCS#8, SEC1 or PKCS#1 PEM). */
        public Builder clientCertificate(String certificatePem, String privateKeyPem) {
            this.certificatePem = certificatePem;
            this.privateKeyPem = privateKeyPem;
            return this;
        }

        public Builder clientCertificate(TestCertificate certificate) {
            return clientCertificate(certificate.certificatePem(), certificate.privateKeyPem());
        }

        /** Offers only these TLS versions, e.g. {@code "TLSv1.2"}. */
        public Builder protocols(String... versions) {
            protocols.clear();
            protocols.addAll(List.of(versions));
            return this;
        }

        public ClientTls build() {
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Certificate ca : certificates(caPem)) {
                    trust.setCertificateEntry("ca-" + i++, ca);
                }
                if (i == 0) {
                    throw new IllegalArgumentException("no certificate in the CA PEM");
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);

                KeyManagerFactory kmf = null;
                if (certificatePem != null) {
                    char[] password = "changeit".toCharArray();
                    KeyStore keys = KeyStore.getInstance("PKCS12");
                    keys.load(null, null);
                    List<Certificate> chain = certificates(certificatePem);
                    keys.setKeyEntry("client", privateKey(privateKeyPem), password, chain.toArray(Certificate[]::new));
                    kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    kmf.init(keys, password);
                }
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
                return new ClientTls(context, List.copyOf(protocols));
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build the client TLS context", e);
            }
        }
    }

    static List<Certificate> certificates(String pem) throws GeneralSecurityException {
        Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
                .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        List<Certificate> list = new ArrayList<>();
        for (Certificate c : parsed) {
            if (c instanceof X509Certificate) {
                list.add(c);
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no certificate in PEM");
        }
        return list;
    }

    static PrivateKey privateKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IllegalArgumentException("not an unencrypted private key PEM: "
                    + (object == null ? "nothing" : object.getClass().getSimpleName()));
        }
    }
}

package iotcore.testkit.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import iotcore.testkit.TestCertificate;
import iotcore.testkit.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClientTls}, {@link RecordingSocketFactory} and {@link RawMqttConnection} against a TLS echo
 * of the first bytes, served by the JDK with a certificate from a test CA (as the server's
 * generated {@code tls/ca.crt} would be).
 */
@Timeout(30)
class ClientTlsTest {

    private TestPki.Ca ca;
    private Path caFile;
    private SSLServerSocket server;
    private final CompletableFuture<X509Certificate> presented = new CompletableFuture<>();
    private final CompletableFuture<String> negotiated = new CompletableFuture<>();

    @BeforeEach
    void startServer(@TempDir Path dir) throws Exception {
        ca = TestPki.newCa("test ca");
        caFile = dir.resolve("ca.crt");
        Files.writeString(caFile, ca.certificate().certificatePem());
        TestCertificate serverCert = ca.issue("server", "localhost", "127.0.0.1");

        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", serverCert.privateKey(), "pw".toCharArray(),
                new java.security.cert.Certificate[] {serverCert.certificate(), ca.certificate().certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "pw".toCharArray());
        X509TrustManager acceptAnyClient = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                presented.complete(chain[0]);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {acceptAnyClient}, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        server.setWantClientAuth(true);
        Thread.ofVirtual().start(this::serve);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.startHandshake();
                negotiated.complete(socket.getSession().getProtocol());
                byte[] first = socket.getInputStream().readNBytes(4);
                socket.getOutputStream().write(RawMqttConnection.packet(0x20, new byte[] {0, first[0]}));
                socket.getOutputStream().flush();
            } catch (IOException | RuntimeException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    @Test
    void clientCertificateIsPresentedAndTheServerIsVerifiedForItsAddress() throws Exception {
        TestCertificate device = TestPki.selfSigned("localhost");
        ClientTls tls = ClientTls.trusting(caFile).clientCertificate(device).build();

        try (RawMqttConnection connection = RawMqttConnection.tls(tls, "127.0.0.1", server.getLocalPort())) {
            connection.send(new byte[] {0x10, 1, 2, 3});
            assertThat(connection.readConnackCode()).isEqualTo(0x10);
        }

        assertThat(presented.get(10, TimeUnit.SECONDS).getEncoded()).isEqualTo(device.der());
    }

    @Test
    void rsaKeysAndTheLocalhostNameWorkToo() throws Exception {
        TestCertificate device = TestPki.selfSigned("dev", TestPki.KeyType.RSA_2048);
        ClientTls tls = ClientTls.trustingPem(ca.certificate().certificatePem())
                .clientCertificate(device.certificatePem(), device.privateKeyPem()).build();

        try (RawMqttConnection connection = RawMqttConnection.tls(tls, "localhost", server.getLocalPort())) {
            assertThat(connection.tlsProtocol()).startsWith("TLSv1.");
        }

        assertThat(presented.get(10, TimeUnit.SECONDS).getEncoded()).isEqualTo(device.der());
    }

    @Test
    void aNameMissingFromTheServerCertificateFailsVerification() {
        ClientTls tls = ClientTls.trusting(caFile).build();

        assertThatThrownBy(() -> RawMqttConnection.tls(tls, "elsewhere.example", server.getLocalPort()))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aServerFromAnotherCaIsNotTrusted() {
        ClientTls tls = ClientTls.trustingPem(TestPki.newCa("other").certificate().certificatePem()).build();

        assertThatThrownBy(() -> RawMqttConnection.tls(tls, "127.0.0.1", server.getLocalPort()))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void protocolsRestrictTheTlsVersion() throws Exception {
        for (String version : new String[] {"TLSv1.2", "TLSv1.3"}) {
            ClientTls tls = ClientTls.trusting(caFile).protocols(version).build();
            try (RawMqttConnection connection = RawMqttConnection.tls(tls, "127.0.0.1", server.getLocalPort())) {
                assertThat(connection.tlsProtocol()).isEqualTo(version);
            }
        }
    }

    @Test
    void theSocketFactoryRecordsItsSocketsWithTheirLocalPorts() throws Exception {
        RecordingSocketFactory factory = ClientTls.trusting(caFile).protocols("TLSv1.2").build().socketFactory();

        try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", server.getLocalPort())) {
            socket.startHandshake();
            assertThat(factory.lastSocket()).isSameAs(socket);
            assertThat(factory.sockets()).hasSize(1);
            assertThat(factory.lastSocket().getLocalPort()).isPositive();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @Test
    void connectPacketMatchesTheMqtt311Layout() {
        assertThat(HexFormat.of().formatHex(RawMqttConnection.connect("a", true, 60, null, null)))
                .isEqualTo("100d00044d5154540402003c000161");
        assertThat(HexFormat.of().formatHex(RawMqttConnection.connect("MQIsdp", 3, "", false, 0, "u", "p")))
                .isEqualTo("101400064d514973647003c000000000000175000170");
        assertThat(RawMqttConnection.packet(0x30, new byte[200])).startsWith(0x30, 0xc8, 0x01);
    }
}

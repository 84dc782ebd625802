package iotcore.cli.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import iotcore.testkit.TestCertificate;
import iotcore.testkit.TestPki;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real TLS handshakes on loopback between the CLI's socket factory and a JDK server that requires a client certificate. */
@Timeout(30)
class ClientTlsIT {

    static final TestPki.Ca CA = TestPki.newCa("iotcore test CA");
    static final TestCertificate SERVER = CA.issue("server", "localhost", "127.0.0.1");

    @TempDir
    Path dir;

    /** What the server saw of one handshake; no certificate when the client had none to present. */
    record Handshake(X509Certificate clientCertificate, String protocol) {
    }

    private Path caFile(TestPki.Ca ca) throws Exception {
        return Files.writeString(dir.resolve("ca-" + System.nanoTime() + ".crt"), ca.certificate().certificatePem());
    }

    /** Connects like Paho does (unconnected socket, then connect) and completes the handshake on both sides. */
    private static Handshake handshake(SSLServerSocket server, Optional<Path> caFile, Optional<ClientCertificate> client,
            String host) throws Exception {
        CompletableFuture<Handshake> seen = CompletableFuture.supplyAsync(() -> {
            try (SSLSocket accepted = (SSLSocket) server.accept()) {
                accepted.startHandshake();
                accepted.getOutputStream().write(1); // TLS 1.3 reports a refused client certificate on first read
                accepted.getOutputStream().flush();
                X509Certificate presented = client.isEmpty() ? null
                        : (X509Certificate) accepted.getSession().getPeerCertificates()[0];
                return new Handshake(presented, accepted.getSession().getProtocol());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (SSLSocket socket = (SSLSocket) ClientTls.socketFactory(caFile, client).createSocket()) {
            socket.connect(new InetSocketAddress(host, server.getLocalPort()), 5000);
            socket.startHandshake();
            assertThat(socket.getInputStream().read()).isEqualTo(1);
        } finally {
            server.close();
        }
        return seen.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(TestPki.KeyType.class)
    void theDeviceCertificateIsPresentedEvenWhenTheServerNamesOtherAuthorities(TestPki.KeyType keyType) throws Exception {
        TestCertificate device = TestPki.selfSigned("device", keyType);
        TestCertificate.Files files = device.writeTo(dir, "device");
        TestPki.Ca unrelated = TestPki.newCa("some other CA");
        SSLServerSocket server = TlsServerSockets.open(SERVER, TlsServerSockets.ClientAuth.REQUIRED,
                unrelated.certificate().certificate());

        Handshake handshake = handshake(server, Optional.of(caFile(CA)),
                Optional.of(ClientCertificate.load(files.certificate(), files.privateKey())), "127.0.0.1");

        assertThat(handshake.clientCertificate()).isEqualTo(device.certificate());
        assertThat(handshake.protocol()).isIn("TLSv1.3", "TLSv1.2");
    }

    @Test
    void aTraditionalRsaKeyFromOpensslWorksInTheHandshake() throws Exception {
        TestCertificate device = TestPki.selfSigned("rsa-device", TestPki.KeyType.RSA_2048);
        Path certificate = device.writeTo(dir, "rsa").certificate();
        Path key = Files.writeString(dir.resolve("rsa-traditional.key"), PemFilesTest.traditionalPem(device.privateKey()));
        SSLServerSocket server = TlsServerSockets.open(SERVER, TlsServerSockets.ClientAuth.REQUIRED);

        Handshake handshake = handshake(server, Optional.of(caFile(CA)), Optional.of(ClientCertificate.load(certificate, key)),
                "localhost");

        assertThat(handshake.clientCertificate()).isEqualTo(device.certificate());
    }

    @Test
    void aServerOfAnotherAuthorityIsNotTrusted() throws Exception {
        TestCertificate impostor = TestPki.newCa("impostor CA").issue("server", "localhost", "127.0.0.1");
        SSLServerSocket server = TlsServerSockets.open(impostor, TlsServerSockets.ClientAuth.REQUESTED);

        assertThatThrownBy(() -> handshake(server, Optional.of(caFile(CA)), Optional.empty(), "127.0.0.1"))
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("PKIX");
    }

    @Test
    void theServerNameIsCheckedAgainstTheCertificate() throws Exception {
        TestCertificate elsewhere = CA.issue("server", "elsewhere.example");
        SSLServerSocket server = TlsServerSockets.open(elsewhere, TlsServerSockets.ClientAuth.REQUESTED);

        assertThatThrownBy(() -> handshake(server, Optional.of(caFile(CA)), Optional.empty(), "127.0.0.1"))
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("127.0.0.1");
    }

    @Test
    void onlyTls12And13AreOffered() throws Exception {
        try (SSLSocket socket = (SSLSocket) ClientTls.socketFactory(Optional.empty(), Optional.empty()).createSocket()) {
            assertThat(socket.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            assertThat(socket.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        }
        SSLServerSocket tls12 = TlsServerSockets.open(SERVER, TlsServerSockets.ClientAuth.REQUESTED);
        tls12.setEnabledProtocols(new String[] {"TLSv1.2"});
        assertThat(handshake(tls12, Optional.of(caFile(CA)), Optional.empty(), "127.0.0.1").protocol()).isEqualTo("TLSv1.2");
    }

    @Test
    void severalAuthoritiesInTheCaFileAreAllTrusted() throws Exception {
        TestPki.Ca other = TestPki.newCa("other CA");
        Path bundle = Files.writeString(dir.resolve("bundle.crt"),
                other.certificate().certificatePem() + CA.certificate().certificatePem());
        assertThat(PemFiles.certificates("--cafile", bundle)).hasSize(2);

        SSLServerSocket server = TlsServerSockets.open(SERVER, TlsServerSockets.ClientAuth.REQUESTED);
        assertThat(handshake(server, Optional.of(bundle), Optional.empty(), "localhost").protocol()).startsWith("TLSv1.");
    }
}

package iotcore.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {

    @Test
    void selfSignedEcCertificateParsesWithTheJdkAndCarriesTheCommonName() throws Exception {
        TestCertificate cert = TestPki.selfSigned("localhost");

        X509Certificate parsed = parse(cert.certificatePem());

        assertThat(parsed.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(parsed.getIssuerX500Principal()).isEqualTo(parsed.getSubjectX500Principal());
        assertThat(parsed.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(parsed.getEncoded()).isEqualTo(cert.der());
        parsed.verify(parsed.getPublicKey());
        parsed.checkValidity();
        assertThat(cert.commonName()).isEqualTo("localhost");
    }

    @Test
    void selfSignedRsaCertificateHasA2048BitKey() throws Exception {
        TestCertificate cert = TestPki.selfSigned("device-rsa", TestPki.KeyType.RSA_2048);

        X509Certificate parsed = parse(cert.certificatePem());

        assertThat(parsed.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(((java.security.interfaces.RSAPublicKey) parsed.getPublicKey()).getModulus().bitLength())
                .isEqualTo(2048);
        parsed.verify(parsed.getPublicKey());
    }

    @Test
    void fingerprintsAreLowercaseHexDigestsOverDer() throws Exception {
        TestCertificate cert = TestPki.selfSigned("fp");
        byte[] der = parse(cert.certificatePem()).getEncoded();

        assertThat(cert.sha1Fingerprint())
                .matches("[0-9a-f]{40}")
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(der)));
        assertThat(cert.sha256Hex())
                .matches("[0-9a-f]{64}")
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
    }

    @Test
    void twoCertificatesWithTheSameCommonNameDiffer() {
        assertThat(TestPki.selfSigned("same").sha1Fingerprint())
                .isNotEqualTo(TestPki.selfSigned("same").sha1Fingerprint());
    }

    @Test
    void privateKeyPemIsPkcs8AndMatchesTheCertificate() throws Exception {
        for (TestPki.KeyType type : TestPki.KeyType.values()) {
            TestCertificate cert = TestPki.selfSigned("key-" + type, type);
            assertThat(cert.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n")
                    .endsWith("-----END PRIVATE KEY-----\n");
            String base64 = cert.privateKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            String algorithm = type == TestPki.KeyType.RSA_2048 ? "RSA" : "EC";
            var key = KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));

            Signature signer = Signature.getInstance(type == TestPki.KeyType.RSA_2048 ? "SHA256withRSA" : "SHA256withECDSA");
            signer.initSign(key);
            signer.update(new byte[] {1, 2, 3});
            byte[] signature = signer.sign();
            signer.initVerify(cert.certificate().getPublicKey());
            signer.update(new byte[] {1, 2, 3});
            assertThat(signer.verify(signature)).as(type.name()).isTrue();
        }
    }

    @Test
    void caIssuesCertificatesThatVerifyAgainstIt() throws Exception {
        TestPki.Ca ca = TestPki.newCa("iotcore test CA");
        TestCertificate server = ca.issue("localhost", "localhost", "127.0.0.1");

        X509Certificate caCert = parse(ca.certificate().certificatePem());
        X509Certificate leaf = parse(server.certificatePem());

        assertThat(caCert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        leaf.verify(caCert.getPublicKey());
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(caCert.getSubjectX500Principal());
        assertThat(leaf.getSubjectAlternativeNames())
                .extracting(san -> (Object) san.get(1))
                .containsExactly("localhost", "127.0.0.1");
        assertThat(server.issuer()).isSameAs(ca.certificate());
        assertThat(server.chainPem()).isEqualTo(server.certificatePem() + ca.certificate().certificatePem());
    }

    @Test
    void writeToCreatesCertificateKeyAndChainFiles(@TempDir Path dir) throws Exception {
        TestCertificate cert = TestPki.newCa("ca").issue("client");

        TestCertificate.Files files = cert.writeTo(dir.resolve("pki"), "client");

        assertThat(Files.readString(files.certificate())).isEqualTo(cert.certificatePem());
        assertThat(Files.readString(files.privateKey())).isEqualTo(cert.privateKeyPem());
        assertThat(Files.readString(files.chain())).isEqualTo(cert.chainPem());
        assertThat(parse(Files.readString(files.certificate())).getEncoded()).isEqualTo(cert.der());
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}

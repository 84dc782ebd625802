package iotcore.cli.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import iotcore.cli.CliRun;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateCreateTest {

    @TempDir
    Path dir;

    @Test
    void writesASelfSignedCertificateWhoseFingerprintIsPrinted() throws Exception {
        CliRun run = CliRun.of("certificate", "create", "--cn", "device-1", "--out", dir.resolve("dev").toString(),
                "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        X509Certificate certificate = readCertificate(dir.resolve("dev.crt"));
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=device-1");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        certificate.verify(certificate.getPublicKey());
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        assertThat(new ObjectMapper().readTree(run.out()).get("fingerprint").asText())
                .isEqualTo(fingerprint)
                .matches("[0-9a-f]{40}");
        assertThat(certificate.getNotAfter().toInstant())
                .isAfter(Instant.now().plus(Duration.ofDays(3649)))
                .isBefore(Instant.now().plus(Duration.ofDays(3651)));
    }

    @Test
    void ecKeyFileIsOwnerOnlyAndMatchesTheCertificate() throws Exception {
        CliRun run = CliRun.of("certificate", "create", "--cn", "d", "--out", dir.resolve("ec").toString(), "--days", "30");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("fingerprint: ");
        assertKeyMatches(dir.resolve("ec"), "EC", "SHA256withECDSA");
    }

    @Test
    void rsaKeyTypeMakesA4096BitKey() throws Exception {
        CliRun run = CliRun.of("certificate", "create", "--cn", "d", "--out", dir.resolve("rsa").toString(), "--key-type", "rsa");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertKeyMatches(dir.resolve("rsa"), "RSA", "SHA256withRSA");
        var key = (java.security.interfaces.RSAPublicKey) readCertificate(dir.resolve("rsa.crt")).getPublicKey();
        assertThat(key.getModulus().bitLength()).isEqualTo(4096);
    }

    @Test
    void existingFilesAreNotOverwrittenWithoutForce() throws Exception {
        Files.writeString(dir.resolve("x.key"), "keep me");

        CliRun run = CliRun.of("certificate", "create", "--cn", "d", "--out", dir.resolve("x").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("ERROR: ").contains("--force").doesNotContain("Exception");
        assertThat(Files.readString(dir.resolve("x.key"))).isEqualTo("keep me");
        assertThat(dir.resolve("x.crt")).doesNotExist();
    }

    private void assertKeyMatches(Path prefix, String algorithm, String signatureAlgorithm) throws Exception {
        Path keyFile = Path.of(prefix + ".key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String pem = Files.readString(keyFile);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));

        byte[] data = "proof of possession".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(signatureAlgorithm);
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(signatureAlgorithm);
        verifier.initVerify(readCertificate(Path.of(prefix + ".crt")).getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
    }

    private static X509Certificate readCertificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}

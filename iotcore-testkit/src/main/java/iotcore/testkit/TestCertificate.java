package iotcore.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A generated certificate with its private key, in the forms tests need: PEM text, DER bytes and
 * the fingerprints the API and the broker use (40-hex SHA-1 and 64-hex SHA-256, both over DER).
 */
public final class TestCertificate {

    /** Paths of the files written by {@link #writeTo(Path, String)}. */
    public record Files(Path certificate, Path privateKey, Path chain) {}

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final TestCertificate issuer;
    private final byte[] der;
    private final String certificatePem;
    private final String privateKeyPem;

    TestCertificate(X509Certificate certificate, PrivateKey privateKey, TestCertificate issuer) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.issuer = issuer;
        this.der = Pem.der(certificate);
        this.certificatePem = Pem.encode("CERTIFICATE", der);
        this.privateKeyPem = Pem.encode("PRIVATE KEY", privateKey.getEncoded());
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The CA that signed this certificate, or {@code null} when it is self-signed. */
    public TestCertificate issuer() {
        return issuer;
    }

    /** PEM {@code CERTIFICATE} block, lines of 64 characters, ending with a newline. */
    public String certificatePem() {
        return certificatePem;
    }

    /** PEM {@code PRIVATE KEY} block (unencrypted PKCS#8). */
    public String privateKeyPem() {
        return privateKeyPem;
    }

    /** This certificate followed by its issuers, as PEM (what a TLS server presents). */
    public String chainPem() {
        StringBuilder chain = new StringBuilder(certificatePem);
        for (TestCertificate ca = issuer; ca != null; ca = ca.issuer) {
            chain.append(ca.certificatePem);
        }
        return chain.toString();
    }

    public byte[] der() {
        return der.clone();
    }

    /** 40 lowercase hex characters: SHA-1 over the DER bytes, as the management API shows it. */
    public String sha1Fingerprint() {
        return Pem.hex("SHA-1", der);
    }

    /** 64 lowercase hex characters: SHA-256 over the DER bytes, as the broker matches it. */
    public String sha256Hex() {
        return Pem.hex("SHA-256", der);
    }

    public String commonName() {
        String dn = certificate.getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return "";
    }

    /**
     * Writes {@code <baseName>.crt}, {@code <baseName>.key} (mode 0600 where supported) and
     * {@code <baseName>-chain.crt} into {@code dir}, creating it if needed.
     */
    public Files writeTo(Path dir, String baseName) {
        try {
            java.nio.file.Files.createDirectories(dir);
            Path cert = dir.resolve(baseName + ".crt");
            Path key = dir.resolve(baseName + ".key");
            Path chain = dir.resolve(baseName + "-chain.crt");
            java.nio.file.Files.writeString(cert, certificatePem, StandardCharsets.US_ASCII);
            java.nio.file.Files.writeString(key, privateKeyPem, StandardCharsets.US_ASCII);
            java.nio.file.Files.writeString(chain, chainPem(), StandardCharsets.US_ASCII);
            try {
                java.nio.file.Files.setPosixFilePermissions(key,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
            return new Files(cert, key, chain);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write certificate files to " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "TestCertificate[CN=" + commonName() + ", sha1=" + sha1Fingerprint() + "]";
    }
}

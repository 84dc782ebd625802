package iotcore.cli.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import iotcore.cli.CliRun;
import iotcore.cli.UserException;
import iotcore.testkit.TestCertificate;
import iotcore.testkit.TestPki;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    /** What {@code openssl ecparam -name prime256v1 -genkey} puts before the key. */
    static final String EC_PARAMETERS = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";

    @TempDir
    Path dir;

    /** The traditional OpenSSL form of an RSA key: {@code RSA PRIVATE KEY} (PKCS#1). */
    static String traditionalPem(PrivateKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(key);
        }
        return text.toString();
    }

    /**
     * {@code EC PRIVATE KEY} (SEC 1) as openssl writes it, with the curve and the public key inside; the JDK's own
     * encoding leaves both to the PKCS#8 wrapper, so it is built here.
     */
    static String traditionalEcPem(TestCertificate ec) throws IOException {
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(ec.certificate().getPublicKey().getEncoded());
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ((ECPrivateKey) ec.privateKey()).getS(),
                publicKey.getPublicKeyData(), new X962Parameters(SECObjectIdentifiers.secp256r1));
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        return text.toString();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsPkcs8EcAndRsaKeys() {
        for (TestPki.KeyType type : TestPki.KeyType.values()) {
            TestCertificate device = TestPki.selfSigned("d-" + type, type);
            TestCertificate.Files files = device.writeTo(dir, "d-" + type);

            ClientCertificate loaded = ClientCertificate.load(files.certificate(), files.privateKey());

            assertThat(loaded.key().getEncoded()).isEqualTo(device.privateKey().getEncoded());
            assertThat(loaded.chain()).containsExactly(device.certificate());
        }
    }

    @Test
    void readsTraditionalEcKeysWithTheirParametersBlockAndTraditionalRsaKeys() throws Exception {
        TestCertificate ec = TestPki.selfSigned("ec");
        TestCertificate rsa = TestPki.selfSigned("rsa", TestPki.KeyType.RSA_2048);
        String ecPem = traditionalEcPem(ec);
        String rsaPem = traditionalPem(rsa.privateKey());
        assertThat(ecPem).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(rsaPem).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        PrivateKey ecKey = PemFiles.privateKey("--key", write("ec.key", EC_PARAMETERS + ecPem));
        PrivateKey rsaKey = PemFiles.privateKey("--key", write("rsa.key", rsaPem));

        assertThat(ClientCertificate.matches(ecKey, ec.certificate().getPublicKey())).isTrue();
        assertThat(ClientCertificate.matches(rsaKey, rsa.certificate().getPublicKey())).isTrue();
    }

    @Test
    void readsTheFilesOfIotcoreCertificateCreate() {
        for (String keyType : new String[] {"ec", "rsa"}) {
            Path prefix = dir.resolve("made-" + keyType);
            CliRun made = CliRun.of("certificate", "create", "--cn", "d", "--out", prefix.toString(), "--key-type", keyType);
            assertThat(made.exitCode()).as(made.err()).isZero();

            ClientCertificate loaded = ClientCertificate.load(Path.of(prefix + ".crt"), Path.of(prefix + ".key"));

            assertThat(loaded.key().getAlgorithm()).isEqualToIgnoringCase(keyType);
        }
    }

    @Test
    void aCertificateFileMayHoldTheWholeChain() {
        TestPki.Ca ca = TestPki.newCa("ca");
        TestCertificate.Files files = ca.issue("leaf").writeTo(dir, "leaf");

        assertThat(PemFiles.certificates("--cert", files.chain())).hasSize(2);
        assertThat(PemFiles.certificates("--cafile", files.certificate())).hasSize(1);
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        TestCertificate.Files mine = TestPki.selfSigned("mine").writeTo(dir, "mine");
        TestCertificate.Files other = TestPki.selfSigned("other").writeTo(dir, "other");
        TestCertificate.Files rsa = TestPki.selfSigned("rsa", TestPki.KeyType.RSA_2048).writeTo(dir, "rsa");

        assertThatThrownBy(() -> ClientCertificate.load(mine.certificate(), other.privateKey()))
                .isInstanceOf(UserException.class).hasMessageContaining("does not belong to the certificate");
        assertThatThrownBy(() -> ClientCertificate.load(mine.certificate(), rsa.privateKey()))
                .isInstanceOf(UserException.class).hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void encryptedKeysAreRefusedWithTheOpensslCommandThatDecryptsThem() throws Exception {
        PrivateKey key = TestPki.selfSigned("d").privateKey();
        OutputEncryptor pkcs8 = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build();
        StringWriter encrypted = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(encrypted)) {
            writer.writeObject(new JcaPKCS8Generator(key, pkcs8));
        }
        StringWriter traditional = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(traditional)) {
            writer.writeObject(key, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider())
                    .build("secret".toCharArray()));
        }

        for (Path file : new Path[] {write("p8.key", encrypted.toString()), write("old.key", traditional.toString())}) {
            assertThatThrownBy(() -> PemFiles.privateKey("--key", file)).isInstanceOf(UserException.class)
                    .hasMessageContaining("is encrypted").hasMessageContaining("openssl pkey -in " + file);
        }
    }

    @Test
    void missingEmptyAndWrongFilesNameTheFlag() throws Exception {
        Path certificateOnly = TestPki.selfSigned("d").writeTo(dir, "d").certificate();

        assertThatThrownBy(() -> PemFiles.privateKey("--key", dir.resolve("nope.key")))
                .hasMessage("--key: no such file: " + dir.resolve("nope.key"));
        assertThatThrownBy(() -> PemFiles.privateKey("--key", certificateOnly))
                .hasMessageStartingWith("--key: no private key in " + certificateOnly);
        assertThatThrownBy(() -> PemFiles.certificates("--cafile", write("empty.crt", "")))
                .hasMessageStartingWith("--cafile: no PEM CERTIFICATE in");
        assertThatThrownBy(() -> PemFiles.certificates("--cert", write("broken.crt",
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")))
                .isInstanceOf(UserException.class).hasMessageContaining("is not valid PEM");
    }
}

package iotcore.broker.transport;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsMaterialTest {
    @TempDir
    Path dir;

    @Test
    void theLocalCaIsCreatedOnceAndReadBackUnchanged() throws IOException {
        TlsMaterial first = TlsMaterial.localCa(dir);
        TlsMaterial again = TlsMaterial.localCa(dir);

        assertThat(first.key()).isInstanceOf(ECPrivateKey.class);
        assertThat(again.key().getEncoded()).isEqualTo(first.key().getEncoded());
        assertThat(again.chain()).isEqualTo(first.chain()).hasSize(2);
        assertThat(again.chain().get(1).getSubjectX500Principal()).isEqualTo(again.chain().get(0).getIssuerX500Principal());
        assertThat(Files.readString(dir.resolve("server.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void operatorKeysAreReadInPkcs8Pkcs1AndSec1Forms() throws Exception {
        TlsMaterial local = TlsMaterial.localCa(dir);
        Path cert = dir.resolve("server.crt");
        KeyPair ec = keyPair("EC");
        KeyPair rsa = keyPair("RSA");

        assertThat(TlsMaterial.load(cert, write("ec-pkcs8.key", pemOf(new JcaPKCS8Generator(ec.getPrivate(), null).generate()))).key())
                .isInstanceOf(ECPrivateKey.class).extracting(k -> k.getEncoded()).isEqualTo(ec.getPrivate().getEncoded());
        assertThat(((ECPrivateKey) TlsMaterial.load(cert, write("ec-sec1.key", pemOf(sec1(ec)))).key()).getS())
                .isEqualTo(((ECPrivateKey) ec.getPrivate()).getS());
        assertThat(TlsMaterial.load(cert, write("rsa-pkcs1.key", pemOf(rsa))).key())
                .isInstanceOf(RSAPrivateKey.class);
        assertThat(TlsMaterial.load(cert, write("rsa-pkcs8.key", pemOf(new JcaPKCS8Generator(rsa.getPrivate(), null).generate()))).key())
                .isInstanceOf(RSAPrivateKey.class);
        assertThat(TlsMaterial.load(cert, dir.resolve("server.key")).chain()).isEqualTo(local.chain());
    }

    @Test
    void filesWithoutKeyOrCertificateAreRefused() throws IOException {
        Path empty = write("empty.pem", "nothing here\n");

        assertThatThrownBy(() -> TlsMaterial.load(dir.resolve("server.crt"), empty)).hasMessageContaining("no PEM private key");
        TlsMaterial.localCa(dir);
        assertThatThrownBy(() -> TlsMaterial.load(empty, dir.resolve("server.key"))).hasMessageContaining("no PEM certificate");
    }

    private static KeyPair keyPair(String algorithm) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(algorithm.equals("EC") ? 256 : 2048);
        return g.generateKeyPair();
    }

    /** The OpenSSL "EC PRIVATE KEY" form, with the named curve inside. */
    private static PemObject sec1(KeyPair ec) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded());
        var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        return new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters()).getEncoded());
    }

    private static String pemOf(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}

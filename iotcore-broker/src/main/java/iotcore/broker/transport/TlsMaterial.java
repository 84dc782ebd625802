package iotcore.broker.transport;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The server's TLS key and certificate chain: the operator's own PEM files, or (decisions §9) a local
 * CA and a server certificate for localhost, 127.0.0.1, ::1 and the host name, created once in
 * {@code <data-dir>/tls/} and reused.
 */
public record TlsMaterial(PrivateKey key, List<X509Certificate> chain, Path caFile) {
    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";

    public static TlsMaterial load(Path certFile, Path keyFile) throws IOException {
        return new TlsMaterial(readKey(keyFile), readCertificates(certFile), null);
    }

    /** Loads the generated material from {@code dir}, creating it on first use. */
    public static TlsMaterial localCa(Path dir) throws IOException {
        Path caCrt = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        Path serverCrt = dir.resolve("server.crt");
        Path serverKey = dir.resolve("server.key");
        Files.createDirectories(dir);
        if (!Files.exists(caCrt) || !Files.exists(caKey) || !Files.exists(serverCrt) || !Files.exists(serverKey)) {
            Pkix.createMissing(dir, caCrt, caKey, serverCrt, serverKey);
        }
        return new TlsMaterial(readKey(serverKey), readCertificates(serverCrt), caCrt);
    }

    /** Reads every certificate of a PEM file with the JDK alone: BouncyCastle stays unloaded on a restart. */
    static List<X509Certificate> readCertificates(Path file) throws IOException {
        byte[] pem = Files.readAllBytes(file);
        if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            throw new IOException(file + " holds no PEM certificate");
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Reads a PEM private key: PKCS#8 ({@code BEGIN PRIVATE KEY}, as generated here) with the JDK's key factories,
     * any other form (PKCS#1, SEC 1) through BouncyCastle.
     */
    static PrivateKey readKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf(PKCS8_BEGIN);
        int end = text.indexOf(PKCS8_END);
        if (begin >= 0 && end > begin) {
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + PKCS8_BEGIN.length(), end));
            for (String algorithm : List.of("EC", "RSA", "Ed25519", "Ed448")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException notThisAlgorithm) {
                    // try the next one
                }
            }
        }
        return Pkix.readOtherKey(text, file);
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The BouncyCastle side: creating the local CA and server certificate, and the PEM key forms the JDK cannot
     * read. A class of its own, so that a restart, which needs none of it, does not load BouncyCastle (nor verify
     * its signed jars).
     */
    private static final class Pkix {
        private Pkix() {
        }

        static void createMissing(Path dir, Path caCrt, Path caKey, Path serverCrt, Path serverKey) throws IOException {
            try {
                if (!Files.exists(caCrt) || !Files.exists(caKey)) {
                    KeyPair ca = newKeyPair();
                    X509Certificate caCert = sign(new X500Name("CN=iotcore local CA " + hostName()), ca.getPublic(),
                            new X500Name("CN=iotcore local CA " + hostName()), ca.getPrivate(), true, List.of(), Duration.ofDays(3650));
                    writePrivate(caKey, pem(ca.getPrivate()));
                    write(caCrt, pem(caCert));
                    Files.deleteIfExists(serverCrt);
                }
                if (!Files.exists(serverCrt) || !Files.exists(serverKey)) {
                    X509Certificate caCert = readCertificates(caCrt).get(0);
                    PrivateKey caPrivate = readKey(caKey);
                    KeyPair server = newKeyPair();
                    X509Certificate cert = sign(new X500Name("CN=" + hostName()), server.getPublic(),
                            X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), caPrivate, false,
                            subjectNames(), Duration.ofDays(825));
                    writePrivate(serverKey, pem(server.getPrivate()));
                    write(serverCrt, pem(cert) + pem(caCert));
                }
            } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
                throw new IOException("cannot create TLS certificates in " + dir + ": " + e.getMessage(), e);
            }
        }

        static PrivateKey readOtherKey(String text, Path file) throws IOException {
            try (PEMParser p = new PEMParser(new StringReader(text))) {
                Object o = p.readObject();
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                throw new IOException(file + " holds no PEM private key");
            }
        }

        private static List<GeneralName> subjectNames() {
            Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
            dns.add(hostName());
            List<GeneralName> names = new ArrayList<>();
            dns.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            names.add(new GeneralName(GeneralName.iPAddress, "::1"));
            return names;
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }

        private static KeyPair newKeyPair() throws GeneralSecurityException {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        }

        private static X509Certificate sign(X500Name subject, java.security.PublicKey subjectKey, X500Name issuer, PrivateKey issuerKey,
                                            boolean ca, List<GeneralName> sans, Duration validity)
                throws GeneralSecurityException, IOException, org.bouncycastle.operator.OperatorCreationException {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, subjectKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
            X509CertificateHolder holder = b.build(signer);
            return new JcaX509CertificateConverter().getCertificate(holder);
        }

        private static String pem(Object o) throws IOException {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
                pw.writeObject(o instanceof PrivateKey k ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null).generate() : o);
            }
            return w.toString();
        }
    }
}

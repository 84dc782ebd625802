package iotcore.testkit;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates X.509 material at test run time (nothing is checked in): self-signed device
 * certificates like {@code openssl req -x509 -subj /CN=...} makes, and a CA that issues server and
 * client certificates for TLS tests. Keys come from the JDK providers; BouncyCastle only builds
 * and signs the certificates.
 */
public final class TestPki {

    /** Key algorithms the tests use. */
    public enum KeyType {
        EC_P256("SHA256withECDSA"),
        RSA_2048("SHA256withRSA");

        private final String signatureAlgorithm;

        KeyType(String signatureAlgorithm) {
            this.signatureAlgorithm = signatureAlgorithm;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration DEVICE_VALIDITY = Duration.ofDays(365);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);

    private TestPki() {}

    /** A self-signed EC P-256 certificate with subject {@code CN=<cn>}. */
    public static TestCertificate selfSigned(String cn) {
        return selfSigned(cn, KeyType.EC_P256);
    }

    /** A self-signed certificate with subject {@code CN=<cn>} and a fresh key of the given type. */
    public static TestCertificate selfSigned(String cn, KeyType keyType) {
        KeyPair keys = newKeyPair(keyType);
        X500Name subject = name(cn);
        X509Certificate cert = sign(builder(subject, subject, keys.getPublic(), DEVICE_VALIDITY, extensions -> {
            extensions.critical(Extension.basicConstraints, new BasicConstraints(false));
        }), keys, keyType);
        return new TestCertificate(cert, keys.getPrivate(), null);
    }

    /** A new self-signed EC P-256 certificate authority. */
    public static Ca newCa(String cn) {
        return newCa(cn, KeyType.EC_P256);
    }

    public static Ca newCa(String cn, KeyType keyType) {
        KeyPair keys = newKeyPair(keyType);
        X500Name subject = name(cn);
        X509Certificate cert = sign(builder(subject, subject, keys.getPublic(), CA_VALIDITY, extensions -> {
            extensions.critical(Extension.basicConstraints, new BasicConstraints(true));
            extensions.critical(Extension.keyUsage, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }), keys, keyType);
        return new Ca(new TestCertificate(cert, keys.getPrivate(), null), keyType);
    }

    /** A certificate authority that signs leaf certificates for servers and clients. */
    public static final class Ca {
        private final TestCertificate certificate;
        private final KeyType keyType;

        private Ca(TestCertificate certificate, KeyType keyType) {
            this.certificate = certificate;
            this.keyType = keyType;
        }

        /** The CA's own certificate (what clients put in their trust store). */
        public TestCertificate certificate() {
            return certificate;
        }

        /**
         * Issues an EC P-256 leaf usable for both TLS server and client authentication. Each
         * subject alternative name is an IP address when it parses as a literal, else a DNS name.
         */
        public TestCertificate issue(String cn, String... subjectAltNames) {
            return issue(cn, KeyType.EC_P256, subjectAltNames);
        }

        public TestCertificate issue(String cn, KeyType leafKeyType, String... subjectAltNames) {
            KeyPair keys = newKeyPair(leafKeyType);
            X500Name issuerName = X500Name.getInstance(
                    certificate.certificate().getSubjectX500Principal().getEncoded());
            X509Certificate cert = sign(builder(issuerName, name(cn), keys.getPublic(), DEVICE_VALIDITY, extensions -> {
                extensions.critical(Extension.basicConstraints, new BasicConstraints(false));
                extensions.critical(Extension.keyUsage,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                extensions.plain(Extension.extendedKeyUsage, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                extensions.plain(Extension.authorityKeyIdentifier,
                        utils().createAuthorityKeyIdentifier(certificate.certificate()));
                if (subjectAltNames.length > 0) {
                    extensions.plain(Extension.subjectAlternativeName, sans(subjectAltNames));
                }
            }), new KeyPair(certificate.certificate().getPublicKey(), certificate.privateKey()), keyType);
            return new TestCertificate(cert, keys.getPrivate(), certificate);
        }
    }

    // --- building blocks ---------------------------------------------------------------------

    private interface ExtensionSink {
        void critical(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, org.bouncycastle.asn1.ASN1Encodable value)
                throws CertIOException;

        void plain(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, org.bouncycastle.asn1.ASN1Encodable value)
                throws CertIOException;
    }

    private interface Extensions {
        void add(ExtensionSink sink) throws Exception;
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, PublicKey key, Duration validity, Extensions extensions) {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(63, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(validity)),
                subject,
                key);
        try {
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils().createSubjectKeyIdentifier(key));
            extensions.add(new ExtensionSink() {
                @Override
                public void critical(org.bouncycastle.asn1.ASN1ObjectIdentifier oid,
                        org.bouncycastle.asn1.ASN1Encodable value) throws CertIOException {
                    builder.addExtension(oid, true, value);
                }

                @Override
                public void plain(org.bouncycastle.asn1.ASN1ObjectIdentifier oid,
                        org.bouncycastle.asn1.ASN1Encodable value) throws CertIOException {
                    builder.addExtension(oid, false, value);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot add certificate extensions", e);
        }
        return builder;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer, KeyType signerType) {
        try {
            var contentSigner = new JcaContentSignerBuilder(signerType.signatureAlgorithm).build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign certificate", e);
        }
    }

    private static KeyPair newKeyPair(KeyType type) {
        try {
            return switch (type) {
                case EC_P256 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                    yield generator.generateKeyPair();
                }
                case RSA_2048 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(2048, RANDOM);
                    yield generator.generateKeyPair();
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + type + " key pair", e);
        }
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    private static GeneralNames sans(String... values) {
        List<GeneralName> names = new ArrayList<>();
        for (String value : values) {
            names.add(isIpLiteral(value)
                    ? new GeneralName(GeneralName.iPAddress, value)
                    : new GeneralName(GeneralName.dNSName, value));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static boolean isIpLiteral(String value) {
        if (!value.matches("[0-9.]+") && !value.contains(":")) {
            return false;
        }
        try {
            InetAddress.getByName(value); // literals never hit DNS
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static JcaX509ExtensionUtils utils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 not available", e);
        }
    }
}

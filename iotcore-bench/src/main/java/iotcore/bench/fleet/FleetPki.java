package iotcore.bench.fleet;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
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
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The fleet's certificates, all EC P-256: a CA (which brokers that check client certificates against a CA, such
 * as Mosquitto with {@code require_certificate}, are given), client certificates issued by it for the registry and
 * each device, and a server certificate for loopback. iotcore matches client certificates by fingerprint and needs
 * no CA, so the same files serve both.
 */
public final class FleetPki {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration VALIDITY = Duration.ofDays(365);

    /** A certificate and its key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
        public String certificatePem() {
            try {
                return pem("CERTIFICATE", certificate.getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public String keyPem() {
            return pem("PRIVATE KEY", key.getEncoded());
        }
    }

    private final Issued ca;

    private FleetPki(Issued ca) {
        this.ca = ca;
    }

    public static FleetPki newCa(String commonName) {
        KeyPair keys = keyPair();
        X500Name subject = name(commonName);
        return new FleetPki(new Issued(sign(subject, subject, keys.getPublic(), keys.getPrivate(), true, List.of()), keys.getPrivate()));
    }

    public Issued ca() {
        return ca;
    }

    /** A client certificate with subject CN={@code commonName} (Mosquitto's user name with use_identity_as_username). */
    public Issued client(String commonName) {
        KeyPair keys = keyPair();
        return new Issued(sign(issuer(), name(commonName), keys.getPublic(), ca.key(), false, List.of()), keys.getPrivate());
    }

    /** A server certificate for localhost, 127.0.0.1 and ::1. */
    public Issued server(String commonName) {
        KeyPair keys = keyPair();
        List<GeneralName> sans = List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1"));
        return new Issued(sign(issuer(), name(commonName), keys.getPublic(), ca.key(), false, sans), keys.getPrivate());
    }

    private X500Name issuer() {
        return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key generator: " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X500Name issuer, X500Name subject, PublicKey key, PrivateKey issuerKey, boolean isCa,
                                        List<GeneralName> sans) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(63, RANDOM).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, key);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            if (isCa) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(sans.isEmpty()
                        ? KeyPurposeId.id_kp_clientAuth : KeyPurposeId.id_kp_serverAuth));
                if (!sans.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
                }
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }

    static String pem(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Every CERTIFICATE block of the text, in order. */
    public static X509Certificate[] certificates(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            try (PemReader reader = new PemReader(new StringReader(pem))) {
                for (PemObject o = reader.readPemObject(); o != null; o = reader.readPemObject()) {
                    if (o.getType().equals("CERTIFICATE")) {
                        out.add((X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(o.getContent())));
                    }
                }
            }
            return out.toArray(X509Certificate[]::new);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 {@code PRIVATE KEY} (EC or RSA) as fleets and {@code iotcore certificate create} write it. */
    public static PrivateKey pkcs8Key(String pem) {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            for (PemObject o = reader.readPemObject(); o != null; o = reader.readPemObject()) {
                if (o.getType().equals("PRIVATE KEY")) {
                    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(o.getContent());
                    try {
                        return KeyFactory.getInstance("EC").generatePrivate(spec);
                    } catch (GeneralSecurityException notEc) {
                        return KeyFactory.getInstance("RSA").generatePrivate(spec);
                    }
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no PKCS#8 PRIVATE KEY block");
    }
}

package iotcore.cli.mqtt;

import iotcore.cli.UserException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM files named on the command line. Keys may be PKCS#8 ({@code PRIVATE KEY}, as {@code iotcore certificate
 * create} and {@code openssl req -x509} write) or traditional ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}, as
 * {@code openssl ecparam -genkey} writes, with its {@code EC PARAMETERS} block skipped).
 */
final class PemFiles {

    private PemFiles() {
    }

    /** Every certificate in the file, in order (a leaf followed by its chain, or several CAs). */
    static List<X509Certificate> certificates(String flag, Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = parser(flag, file)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw unreadable(flag, file, e);
        }
        if (certificates.isEmpty()) {
            throw new UserException(flag + ": no PEM CERTIFICATE in " + file);
        }
        return certificates;
    }

    /** The first private key in the file. */
    static PrivateKey privateKey(String flag, Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = parser(flag, file)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                switch (object) {
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    case PEMKeyPair pair -> {
                        // Not getKeyPair(): the public half is optional in EC PRIVATE KEY and then missing.
                        return converter.getPrivateKey(pair.getPrivateKeyInfo());
                    }
                    case PKCS8EncryptedPrivateKeyInfo encrypted -> throw encrypted(flag, file);
                    case PEMEncryptedKeyPair encrypted -> throw encrypted(flag, file);
                    default -> {
                        // EC PARAMETERS, a certificate in a combined file: not the key, read on
                    }
                }
            }
        } catch (IOException e) {
            throw unreadable(flag, file, e);
        }
        throw new UserException(flag + ": no private key in " + file
                + " (expected a PEM PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block)");
    }

    private static PEMParser parser(String flag, Path file) {
        try {
            Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
            return new PEMParser(reader);
        } catch (NoSuchFileException e) {
            throw new UserException(flag + ": no such file: " + file);
        } catch (IOException e) {
            throw new UserException(flag + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private static UserException unreadable(String flag, Path file, Exception e) {
        return new UserException(flag + ": " + file + " is not valid PEM: " + e.getMessage());
    }

    private static UserException encrypted(String flag, Path file) {
        return new UserException(flag + ": " + file + " is encrypted; write an unencrypted copy with"
                + " 'openssl pkey -in " + file + " -out KEYFILE' and give that");
    }
}

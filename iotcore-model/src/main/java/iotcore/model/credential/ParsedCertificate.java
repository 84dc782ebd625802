package iotcore.model.credential;

import iotcore.model.error.ServiceException;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A PEM certificate as given by a client, with the fingerprints derived from its DER bytes. */
public record ParsedCertificate(String pem, byte[] der, String sha1, String sha256, Instant notBefore, Instant notAfter) {
    public static final int MAX_PEM_LENGTH = 64 * 1024;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END CERTIFICATE-----");

    /**
     * Parses exactly one PEM certificate. Anything else (no PEM block, several, bad base64, bad DER)
     * is INVALID_ARGUMENT naming {@code field}.
     */
    public static ParsedCertificate parse(String field, String pem) {
        if (pem == null || pem.isBlank()) {
            throw ServiceException.invalid(field, "is required: a PEM certificate (-----BEGIN CERTIFICATE----- ...)");
        }
        if (pem.length() > MAX_PEM_LENGTH) {
            throw ServiceException.invalid(field, "is longer than " + MAX_PEM_LENGTH + " characters");
        }
        Matcher m = BLOCK.matcher(pem);
        if (!m.find()) {
            throw ServiceException.invalid(field, "is not a PEM certificate (expected -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)");
        }
        String body = m.group(1);
        if (m.find()) {
            throw ServiceException.invalid(field, "must hold exactly one certificate");
        }
        byte[] der;
        try {
            der = java.util.Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid(field, "PEM body is not valid base64");
        }
        X509Certificate x509;
        try {
            x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            der = x509.getEncoded();
        } catch (CertificateException | RuntimeException e) {
            throw ServiceException.invalid(field, "is not a parseable X.509 certificate");
        }
        return new ParsedCertificate(pem.strip() + "\n", der, hex("SHA-1", der), hex("SHA-256", der),
                x509.getNotBefore().toInstant(), x509.getNotAfter().toInstant());
    }

    static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    public static String sha256Hex(byte[] der) {
        return hex("SHA-256", der);
    }

}

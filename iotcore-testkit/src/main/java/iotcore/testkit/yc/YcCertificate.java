package iotcore.testkit.yc;

import iotcore.testkit.TestCertificate;
import iotcore.testkit.TestPki;
import java.time.Instant;

/**
 * One entry of {@code registry-certs-<r>.json} or {@code device-certs-<r>/<d>.json}: a self-signed
 * EC P-256 certificate generated on first use (its private key is kept, so a test can connect with
 * it), written with its real SHA-1 fingerprint unless one is {@linkplain #fingerprint(String)
 * overridden}.
 */
public final class YcCertificate {

    /** Who holds the certificate. */
    public enum OwnerKind { REGISTRY, DEVICE }

    private final OwnerKind ownerKind;
    private final String ownerId;
    private TestCertificate material;
    private Instant createdAt = YcIds.pastInstant();
    private String fingerprint;
    private String certificateData;

    YcCertificate(OwnerKind ownerKind, String ownerId, TestCertificate material) {
        this.ownerKind = ownerKind;
        this.ownerId = ownerId;
        this.material = material;
    }

    public OwnerKind ownerKind() {
        return ownerKind;
    }

    public String ownerId() {
        return ownerId;
    }

    /** The certificate and its private key, generated on first call (thread-safe). */
    public synchronized TestCertificate material() {
        if (material == null) {
            material = TestPki.selfSigned("localhost");
        }
        return material;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public YcCertificate createdAt(Instant value) {
        this.createdAt = value;
        return this;
    }

    /** The fingerprint written to the file: the override, else the SHA-1 of the certificate. */
    public String fingerprint() {
        return fingerprint != null ? fingerprint : material().sha1Fingerprint();
    }

    /** Writes this fingerprint instead of the real one (e.g. a SHA-256, upper case, or a wrong one). */
    public YcCertificate fingerprint(String value) {
        this.fingerprint = value;
        return this;
    }

    /** The PEM written to the file: the override, else the certificate's PEM. */
    public String certificateData() {
        return certificateData != null ? certificateData : material().certificatePem();
    }

    /** Writes this text as {@code certificate_data} instead of the certificate's PEM. */
    public YcCertificate certificateData(String value) {
        this.certificateData = value;
        return this;
    }

    /** The 40-hex SHA-1 fingerprint of the real certificate, as the REST API shows it. */
    public String realFingerprint() {
        return material().sha1Fingerprint();
    }

    @Override
    public String toString() {
        return ownerKind.name().toLowerCase() + " certificate of " + ownerId;
    }
}

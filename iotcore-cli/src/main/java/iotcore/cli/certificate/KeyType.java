package iotcore.cli.certificate;

/** Key algorithms of {@code certificate create}: EC P-256 is small and fast; RSA 4096 matches the docs' openssl example. */
public enum KeyType {
    EC("EC", 256, "SHA256withECDSA"),
    RSA("RSA", 4096, "SHA256withRSA");

    final String algorithm;
    final int bits;
    final String signature;

    KeyType(String algorithm, int bits, String signature) {
        this.algorithm = algorithm;
        this.bits = bits;
        this.signature = signature;
    }
}

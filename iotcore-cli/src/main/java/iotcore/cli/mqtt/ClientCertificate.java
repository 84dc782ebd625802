package iotcore.cli.mqtt;

import iotcore.cli.UserException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/** The certificate (chain) and private key a client presents in the TLS handshake; the broker matches it by fingerprint. */
record ClientCertificate(List<X509Certificate> chain, PrivateKey key) {

    /** Reads both files and checks that the key belongs to the certificate, which the handshake would only hint at. */
    static ClientCertificate load(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = PemFiles.certificates("--cert", certificateFile);
        PrivateKey key = PemFiles.privateKey("--key", keyFile);
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new UserException("the key in " + keyFile + " does not belong to the certificate in " + certificateFile);
        }
        return new ClientCertificate(chain, key);
    }

    /** Signs a random challenge and verifies it with the certificate's key; key types we cannot test pass. */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())
                && !(algorithm.equals("EdDSA") && publicKey.getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

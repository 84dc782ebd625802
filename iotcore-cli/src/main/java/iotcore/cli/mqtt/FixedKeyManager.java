package iotcore.cli.mqtt;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Always offers the one configured client certificate, as curl and mosquitto do. The JDK's key managers send a
 * certificate only when it chains to an authority the server names, but device certificates are self-signed and
 * the broker matches them by fingerprint, whatever authorities its certificate request lists.
 */
final class FixedKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "client";

    private final ClientCertificate certificate;

    FixedKeyManager(ClientCertificate certificate) {
        this.certificate = certificate;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? certificate.chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? certificate.key() : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null; // a client only
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}

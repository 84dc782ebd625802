package iotcore.bench.load;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * One TLS client context for a whole fleet: each engine is told which certificate to present before its handshake
 * starts ({@link #assign}), so 10,000 devices need one context, not 10,000. Works with the OpenSSL and the JDK
 * engines alike, since both ask {@link #chooseEngineClientAlias} with the engine in hand.
 */
final class KeyChooser extends X509ExtendedKeyManager {

    private final Map<String, ClientKey> keys = new ConcurrentHashMap<>();
    private final Map<SSLEngine, String> assigned = new ConcurrentHashMap<>();

    void assign(SSLEngine engine, ClientKey key) {
        keys.putIfAbsent(key.alias(), key);
        assigned.put(engine, key.alias());
    }

    void release(SSLEngine engine) {
        assigned.remove(engine);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return engine == null ? null : assigned.get(engine);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return keys.keySet().toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ClientKey key = alias == null ? null : keys.get(alias);
        return key == null ? null : key.chain();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ClientKey key = alias == null ? null : keys.get(alias);
        return key == null ? null : key.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}

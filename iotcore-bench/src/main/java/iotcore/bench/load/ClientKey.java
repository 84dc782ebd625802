package iotcore.bench.load;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A client certificate chain and its key, presented by every connection that names {@link #alias()}. */
public record ClientKey(String alias, PrivateKey key, X509Certificate[] chain) {
}

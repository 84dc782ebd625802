package iotcore.model.credential;

import java.time.Instant;

/**
 * A registered client certificate (decisions §2): {@code fingerprint} is the 40-hex SHA-1 shown by
 * the API, {@code sha256} the key the broker looks presented certificates up by.
 */
public record Certificate(Owner owner, String fingerprint, String sha256, String certificateData,
                          Instant notBefore, Instant notAfter, Instant createdAt) {
}

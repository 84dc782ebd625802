package iotcore.model.credential;

import java.time.Instant;

/** A password of a registry or device; the secret is only ever stored as a hash. */
public record PasswordEntry(Owner owner, String id, Instant createdAt) {
}

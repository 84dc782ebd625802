package iotcore.broker.auth;

import java.util.Map;
import java.util.Optional;

/**
 * What the broker needs to know about registries, devices and their credentials. The server backs
 * it with the management database; the broker caches what it reads (see {@link Directory}).
 */
public interface IdentityStore {

    /** The owner of a registered certificate whose DER bytes equal {@code der} (decisions §2). */
    Optional<CertificateOwner> findCertificate(byte[] der);

    /** Checks {@code password} against the passwords of the device or registry named {@code id}. */
    PasswordCheck checkPassword(String id, byte[] password);

    /** Whether the password with this id still exists for that owner. */
    boolean passwordExists(Identity owner, String passwordId);

    /** Whether the registry exists and is ACTIVE. */
    boolean registryActive(String registryId);

    /** Whether the registry exists, whatever its status. */
    boolean registryExists(String registryId);

    /** The registry of a device, empty when there is no such device. */
    Optional<String> registryOfDevice(String deviceId);

    /** Every topic alias of a registry's devices: alias to canonical prefix (spec §3.6). */
    Map<String, String> aliases(String registryId);

    record CertificateOwner(Identity identity, String sha1Fingerprint) {
    }

    sealed interface PasswordCheck permits PasswordCheck.UnknownId, PasswordCheck.Wrong, PasswordCheck.Match {
        record UnknownId() implements PasswordCheck {
        }

        record Wrong() implements PasswordCheck {
        }

        record Match(Identity identity, String passwordId) implements PasswordCheck {
        }
    }
}

package iotcore.broker.auth;

import iotcore.broker.auth.IdentityStore.PasswordCheck;

/**
 * The precedence table of spec §2.2: a username with a password decides alone (password wins, even
 * over a valid certificate of another entity); without a username the registered client certificate
 * decides. Runs off the event loop: it may query the database and verify an Argon2id hash.
 */
public final class Authenticator {
    /** CONNACK return codes of MQTT 3.1.1 section 3.2.2.3. */
    public static final int BAD_USERNAME_OR_PASSWORD = 4;
    public static final int NOT_AUTHORIZED = 5;

    private final IdentityStore store;

    public Authenticator(IdentityStore store) {
        this.store = store;
    }

    public sealed interface Result permits Accepted, Refused {
    }

    public record Accepted(Identity identity, AuthMethod method) implements Result {
    }

    public record Refused(int returnCode, String reason) implements Result {
    }

    public Result authenticate(byte[] certificateDer, String username, byte[] password) {
        Result result = decide(certificateDer, username, password);
        if (result instanceof Accepted a && !store.registryActive(a.identity().registryId())) {
            return new Refused(NOT_AUTHORIZED, "registry " + a.identity().registryId() + " is disabled");
        }
        return result;
    }

    private Result decide(byte[] certificateDer, String username, byte[] password) {
        if (username != null && !username.isEmpty()) {
            if (password == null) {
                return new Refused(BAD_USERNAME_OR_PASSWORD, "username " + username + " without a password");
            }
            return switch (store.checkPassword(username, password)) {
                case PasswordCheck.Match m -> new Accepted(m.identity(), new AuthMethod.Password(username, m.passwordId()));
                case PasswordCheck.Wrong w -> new Refused(BAD_USERNAME_OR_PASSWORD, "wrong password for " + username);
                case PasswordCheck.UnknownId u -> new Refused(BAD_USERNAME_OR_PASSWORD, "no device or registry " + username);
            };
        }
        if (certificateDer == null) {
            return new Refused(NOT_AUTHORIZED, "no client certificate and no username");
        }
        return store.findCertificate(certificateDer)
                .<Result>map(owner -> new Accepted(owner.identity(), new AuthMethod.Certificate(certificateDer, owner.sha1Fingerprint())))
                .orElseGet(() -> new Refused(NOT_AUTHORIZED, "client certificate is not registered"));
    }

    /** Whether the credential a live connection used still exists for the same identity. */
    public boolean stillValid(Identity identity, AuthMethod method) {
        if (!store.registryActive(identity.registryId())) {
            return false;
        }
        return switch (method) {
            case AuthMethod.Certificate c -> store.findCertificate(c.der())
                    .map(owner -> owner.identity().equals(identity)).orElse(false);
            case AuthMethod.Password p -> store.passwordExists(identity, p.passwordId());
        };
    }
}

package iotcore.broker.auth;

import iotcore.broker.auth.IdentityStore.CertificateOwner;
import iotcore.broker.auth.IdentityStore.PasswordCheck;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The precedence table of spec §2.2: a username with a password decides alone (password wins, even
 * over a valid certificate of another entity); without a username the registered client certificate
 * decides. Runs off the event loop when it has to query the database or verify an Argon2id hash.
 *
 * <p>Certificate logins are cached: the owner of each registered certificate seen (keyed by its exact DER bytes,
 * decisions §2) and whether a registry is active, so that a device that reconnects costs no database query.
 * Only what the database confirmed is cached (an unknown certificate is looked up every time). The management API's
 * changes reach the cache through {@link #identityChanged}, {@link #registryChanged} and {@link #credentialsRemoved}
 * before the broker closes the connections concerned; a lookup that raced with such a change is not cached (the
 * {@link #generation} moved on meanwhile), and a connection accepted from a decision older than the latest change is
 * checked again ({@link #decidedBefore}).
 */
public final class Authenticator {
    /** CONNACK return codes of MQTT 3.1.1 section 3.2.2.3. */
    public static final int BAD_USERNAME_OR_PASSWORD = 4;
    public static final int NOT_AUTHORIZED = 5;
    /** Past this many cached certificates the cache starts over (a bound on memory, not a working-set policy). */
    static final int MAX_CACHED_CERTIFICATES = 1_000_000;

    private final IdentityStore store;
    private final Map<ByteBuffer, Cached> certificates = new ConcurrentHashMap<>();
    private final Map<String, Boolean> registryActive = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile long generation;

    /** A registered certificate: the DER bytes (shared by every connection that uses it) and its owner. */
    private record Cached(byte[] der, CertificateOwner owner) {
    }

    public Authenticator(IdentityStore store) {
        this.store = store;
    }

    public sealed interface Result permits Accepted, Refused {
    }

    /** {@code generation}: the cache generation the decision was made in (see {@link #decidedBefore}). */
    public record Accepted(Identity identity, AuthMethod method, long generation) implements Result {
        public Accepted(Identity identity, AuthMethod method) {
            this(identity, method, Long.MIN_VALUE);
        }
    }

    public record Refused(int returnCode, String reason) implements Result {
    }

    public Result authenticate(byte[] certificateDer, String username, byte[] password) {
        long decidedIn = generation;
        Result result = decide(certificateDer, username, password, decidedIn);
        if (result instanceof Accepted a && !registryActive(a.identity().registryId(), decidedIn)) {
            return new Refused(NOT_AUTHORIZED, "registry " + a.identity().registryId() + " is disabled");
        }
        return result;
    }

    /**
     * The decision for a certificate login from the cache alone, or null when it needs the database (an unknown
     * certificate or registry) or a password check: then call {@link #authenticate} off the event loop.
     */
    public Result cached(byte[] certificateDer, String username) {
        if ((username != null && !username.isEmpty()) || certificateDer == null) {
            return null;
        }
        long decidedIn = generation;
        Cached c = certificates.get(ByteBuffer.wrap(certificateDer));
        if (c == null) {
            return null;
        }
        Boolean active = registryActive.get(c.owner().identity().registryId());
        if (active == null) {
            return null;
        }
        if (!active) {
            return new Refused(NOT_AUTHORIZED, "registry " + c.owner().identity().registryId() + " is disabled");
        }
        return accepted(c, decidedIn);
    }

    private Result decide(byte[] certificateDer, String username, byte[] password, long decidedIn) {
        if (username != null && !username.isEmpty()) {
            if (password == null) {
                return new Refused(BAD_USERNAME_OR_PASSWORD, "username " + username + " without a password");
            }
            return switch (store.checkPassword(username, password)) {
                case PasswordCheck.Match m -> new Accepted(m.identity(), new AuthMethod.Password(username, m.passwordId()), decidedIn);
                case PasswordCheck.Wrong w -> new Refused(BAD_USERNAME_OR_PASSWORD, "wrong password for " + username);
                case PasswordCheck.UnknownId u -> new Refused(BAD_USERNAME_OR_PASSWORD, "no device or registry " + username);
            };
        }
        if (certificateDer == null) {
            return new Refused(NOT_AUTHORIZED, "no client certificate and no username");
        }
        ByteBuffer key = ByteBuffer.wrap(certificateDer);
        Cached c = certificates.get(key);
        if (c == null) {
            Optional<CertificateOwner> owner = store.findCertificate(certificateDer);
            if (owner.isEmpty()) {
                return new Refused(NOT_AUTHORIZED, "client certificate is not registered");
            }
            c = new Cached(certificateDer, owner.get());
            synchronized (lock) {
                if (generation == decidedIn) { // no change since the lookup began: it may be kept
                    if (certificates.size() >= MAX_CACHED_CERTIFICATES) {
                        certificates.clear();
                    }
                    certificates.put(key, c);
                }
            }
        }
        return accepted(c, decidedIn);
    }

    private static Accepted accepted(Cached c, long decidedIn) {
        return new Accepted(c.owner().identity(), new AuthMethod.Certificate(c.der(), c.owner().sha1Fingerprint()), decidedIn);
    }

    private boolean registryActive(String registryId, long decidedIn) {
        Boolean cached = registryActive.get(registryId);
        if (cached != null) {
            return cached;
        }
        boolean active = store.registryActive(registryId);
        synchronized (lock) {
            if (generation == decidedIn) {
                registryActive.put(registryId, active);
            }
        }
        return active;
    }

    /** Whether a change reached the cache after this decision was made: the connection must then be checked again. */
    public boolean decidedBefore(Accepted accepted) {
        return accepted.generation() != generation;
    }

    /** A device or registry was deleted: its certificates are forgotten. */
    public void identityChanged(Identity identity) {
        synchronized (lock) {
            certificates.values().removeIf(c -> c.owner().identity().equals(identity));
            generation++; // after the removal: a decision that still saw a removed entry read the previous generation
        }
    }

    /** A certificate (or password) of this owner was removed. */
    public void credentialsRemoved(Identity owner) {
        identityChanged(owner);
    }

    /** A registry was disabled, enabled or deleted: its status and its certificates are read again. */
    public void registryChanged(String registryId) {
        synchronized (lock) {
            registryActive.remove(registryId);
            certificates.values().removeIf(c -> c.owner().identity().registryId().equals(registryId));
            generation++;
        }
    }

    /** Whether the credential a live connection used still exists for the same identity (asks the database). */
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

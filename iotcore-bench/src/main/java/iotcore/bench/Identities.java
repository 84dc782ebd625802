package iotcore.bench;

import iotcore.bench.fleet.Fleet;
import iotcore.bench.load.ClientKey;
import iotcore.bench.load.ClientSpec;
import iotcore.bench.load.Topics;
import iotcore.cli.UserException;

/**
 * Gives each client its credentials: with a fleet, device client {@code i} is device {@code i mod n} and registry
 * clients are the registry (by certificate, or by id and password); without one, every client uses the --cert/--key
 * and --username/--password given, if any.
 */
final class Identities {

    private final Fleet fleet;
    private final FleetOptions.Auth auth;
    private final boolean tls;
    private final ClientKey sharedKey;
    private final String username;
    private final String password;

    Identities(Fleet fleet, FleetOptions.Auth auth, boolean tls, ClientKey sharedKey, String username, String password) {
        this.fleet = fleet;
        this.auth = auth;
        this.tls = tls;
        this.sharedKey = sharedKey;
        this.username = username;
        this.password = password;
        if (fleet != null && auth == FleetOptions.Auth.CERT && !tls) {
            throw new UserException("fleet clients log in with certificates, which need TLS: drop --plain or give --auth password");
        }
    }

    boolean hasFleet() {
        return fleet != null;
    }

    ClientSpec spec(Role role, int index, String clientId, boolean cleanSession) {
        if (fleet == null) {
            String user = username == null ? null : Topics.expand(username, index, null, null);
            return new ClientSpec(clientId, tls ? sharedKey : null, user, password, cleanSession);
        }
        Fleet.Member member = member(role, index);
        if (auth == FleetOptions.Auth.PASSWORD) {
            return new ClientSpec(clientId, null, member.id(), member.password(), cleanSession);
        }
        return new ClientSpec(clientId, Fleet.key(member), null, null, cleanSession);
    }

    private Fleet.Member member(Role role, int index) {
        if (role == Role.REGISTRY) {
            return fleet.registry();
        }
        if (fleet.devices().isEmpty()) {
            throw new UserException("the fleet has no devices; provision with --devices N");
        }
        return fleet.devices().get(index % fleet.devices().size());
    }

    /** Expands %i, %d and %r of a topic pattern for client {@code index} of the role. */
    String topic(String pattern, Role role, int index) {
        String deviceId = fleet == null || role == Role.REGISTRY || fleet.devices().isEmpty() ? null : member(role, index).id();
        String registryId = fleet == null ? null : fleet.registry().id();
        try {
            return Topics.expand(pattern, index, deviceId, registryId);
        } catch (IllegalArgumentException e) {
            throw new UserException("topic " + pattern + ": " + e.getMessage()
                    + (role == Role.REGISTRY ? " (registry clients have no device id)" : ""));
        }
    }

    String describe() {
        if (fleet == null) {
            return sharedKey != null ? "certificate " + sharedKey.alias() : username != null ? "user " + username : "anonymous";
        }
        return "fleet registry " + fleet.registry().id() + " with " + fleet.devices().size() + " devices (" + fleet.dir() + "), auth "
                + auth.name().toLowerCase();
    }
}

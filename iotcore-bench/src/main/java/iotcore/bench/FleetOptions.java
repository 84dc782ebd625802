package iotcore.bench;

import iotcore.bench.fleet.Fleet;
import iotcore.bench.fleet.FleetProvisioner;
import iotcore.cli.UserException;
import iotcore.cli.client.ConnectionOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * A fleet of IoT Core identities for the clients (a mixin): {@code --provision} creates a registry and devices with
 * generated certificates through iotcore's REST API; {@code --fleet DIR} keeps them for later runs.
 */
public final class FleetOptions {

    /** How fleet clients log in. */
    enum Auth { CERT, PASSWORD }

    @Option(names = "--provision", description = "Create a registry and devices (EC P-256 certificates issued by a generated CA) through iotcore's"
            + " REST API (--endpoint/--token, default from --data-dir) and run as them; saved in --fleet DIR (default: a new temporary directory).")
    boolean provision;

    @Option(names = "--fleet", paramLabel = "DIR", description = "Directory of a fleet made by --provision (or 'bench provision'): run as its registry and devices.")
    Path fleetDir;

    @Option(names = "--devices", paramLabel = "N", description = "Devices to create with --provision (default: as many as the run has device clients).")
    Integer devices;

    @Option(names = "--auth", paramLabel = "cert|password", converter = EnumConverters.AuthConverter.class, defaultValue = "cert",
            description = "How fleet clients log in: their certificate, or user name = id with the password --provision generated (default: ${DEFAULT-VALUE}).")
    Auth auth;

    @Option(names = "--folder-id", paramLabel = "FOLDER", defaultValue = "default", description = "Folder of the registry --provision creates (default: ${DEFAULT-VALUE}).")
    String folderId;

    boolean used() {
        return provision || fleetDir != null;
    }

    /** The fleet to run as, creating it when asked; null when neither --provision nor --fleet was given. */
    Fleet fleet(ConnectionOptions api, int deviceClients, PrintWriter log) {
        if (provision) {
            int count = devices != null ? devices : Math.max(1, deviceClients);
            if (count < 0) {
                throw new UserException("--devices must not be negative");
            }
            Path dir = fleetDir;
            try {
                if (dir == null) {
                    dir = Files.createTempDirectory("iotcore-fleet-");
                }
            } catch (IOException e) {
                throw new UserException("cannot create a fleet directory: " + e.getMessage());
            }
            try {
                return FleetProvisioner.provision(api.client(), folderId, count, auth == Auth.PASSWORD, dir, log);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
        if (fleetDir == null) {
            if (devices != null) {
                throw new UserException("--devices needs --provision");
            }
            return null;
        }
        try {
            Fleet fleet = Fleet.load(fleetDir);
            if (auth == Auth.PASSWORD && fleet.registry().password() == null) {
                throw new UserException("the fleet in " + fleetDir + " has no passwords: provision it with --auth password");
            }
            return fleet;
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }
}

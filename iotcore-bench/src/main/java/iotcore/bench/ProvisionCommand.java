package iotcore.bench;

import iotcore.bench.fleet.Fleet;
import iotcore.bench.fleet.FleetProvisioner;
import iotcore.cli.UserException;
import iotcore.cli.client.ConnectionOptions;
import iotcore.cli.client.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "provision", sortOptions = false,
        description = {"Create a fleet (what --provision does) without running anything, for later runs with --fleet DIR.",
                "",
                "A registry and --devices devices through iotcore's REST API, each with an EC P-256 certificate (CN = its name) issued"
                        + " by a generated CA. DIR then holds fleet.json, ca.crt, broker.crt/.key (a server certificate for"
                        + " 127.0.0.1 and localhost) and mosquitto.acl (IoT Core's permissions per certificate CN), so that the same"
                        + " devices can be run against another broker.",
                ""})
public final class ProvisionCommand implements Callable<Integer> {

    @Option(names = "--fleet", paramLabel = "DIR", required = true, description = "Directory to write the fleet to (must not hold one).")
    Path fleetDir;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "10", description = "Devices to create (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--auth", paramLabel = "cert|password", converter = EnumConverters.AuthConverter.class, defaultValue = "cert",
            description = "password: also give the registry and every device a generated password (default: ${DEFAULT-VALUE}).")
    FleetOptions.Auth auth;

    @Option(names = "--folder-id", paramLabel = "FOLDER", defaultValue = "default", description = "Folder of the registry (default: ${DEFAULT-VALUE}).")
    String folderId;

    @Option(names = "--json", description = "Print the registry id and files as JSON.")
    boolean json;

    @Mixin
    ConnectionOptions api;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (devices < 0) {
            throw new UserException("--devices must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        Fleet fleet;
        try {
            fleet = FleetProvisioner.provision(api.client(), folderId, devices, auth == FleetOptions.Auth.PASSWORD, fleetDir,
                    json ? null : spec.commandLine().getErr());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (json) {
            out.println(Json.object().put("registryId", fleet.registry().id()).put("registryName", fleet.registry().name())
                    .put("devices", fleet.devices().size()).put("dir", fleetDir.toAbsolutePath().toString()).toPrettyString());
        } else {
            out.printf("registry %s (%s), %d devices: %s%n", fleet.registry().id(), fleet.registry().name(), fleet.devices().size(),
                    fleetDir.toAbsolutePath());
        }
        out.flush();
        return 0;
    }
}

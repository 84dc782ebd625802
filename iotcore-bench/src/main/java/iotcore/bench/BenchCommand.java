package iotcore.bench;

import iotcore.bench.micro.MicroCommand;
import iotcore.cli.GroupCommand;
import java.security.SecureRandom;
import picocli.CommandLine.Command;

@Command(name = "bench",
        description = {"Load tool: MQTT 3.1.1 publish/subscribe and connection benchmarks against iotcore or any other broker.",
                "",
                "Runs are bounded by --duration (or --hold); results print as a summary, or as JSON with --json. Against a local"
                        + " iotcore the port, CA and admin token come from --data-dir; --provision creates a registry and devices with"
                        + " certificates so that a fleet of mTLS devices runs in one command. bench/README.md documents the tool's own"
                        + " ceiling and the comparison with Mosquitto (bench/compare-mosquitto.sh).",
                ""},
        subcommands = {PubSubCommand.class, ConnCommand.class, SinkCommand.class, ProvisionCommand.class, TableCommand.class,
                MicroCommand.class})
public final class BenchCommand extends GroupCommand {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** Four random characters, to tell the ClientIDs of two runs apart. */
    static String randomId() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}

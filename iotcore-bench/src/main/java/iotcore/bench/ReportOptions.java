package iotcore.bench;

import iotcore.bench.load.ProcessStats;
import iotcore.cli.UserException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Output and measurement options shared by the load modes (a mixin). */
public final class ReportOptions {

    @Option(names = "--json", description = "Print the configuration and results as one JSON object (for scripts) instead of the summary.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress line on standard error.")
    boolean quiet;

    @Option(names = "--broker-pid", paramLabel = "PID",
            description = "Process id of the broker (same machine): report its CPU time per message or connect and its resident memory (/proc).")
    Long brokerPid;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Label copied into the JSON output, e.g. --tag broker=mosquitto (repeatable).")
    Map<String, String> tags = new LinkedHashMap<>();

    ProcessStats broker() {
        if (brokerPid == null) {
            return null;
        }
        try {
            return new ProcessStats(brokerPid);
        } catch (IllegalArgumentException e) {
            throw new UserException("--broker-pid: " + e.getMessage());
        }
    }
}

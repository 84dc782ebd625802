package iotcore.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.bench.fleet.Fleet;
import iotcore.bench.load.Clients;
import iotcore.bench.load.ConnRun;
import iotcore.bench.load.Progress;
import iotcore.cli.UserException;
import iotcore.cli.client.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "conn", sortOptions = false,
        description = {"Connections: K idle connections held for a time (the broker's memory per connection), or a connect rate.",
                "",
                "--mode idle: opens --connections (at most --concurrency handshakes at once), optionally subscribes each, waits"
                        + " --settle, reads the broker's VmRSS (--broker-pid) and holds them until --hold is over. Memory per"
                        + " connection = (VmRSS after - VmRSS before) / K. With --broker-pid it connects in two halves and reads"
                        + " VmRSS between them too (after --settle): marginal memory per connection = (VmRSS after - VmRSS half-way)"
                        + " / (K - K/2), without the broker's one-off costs of its first connections.",
                "--mode rate: --concurrency loops each open a new connection (TCP, full TLS handshake unless --resume,"
                        + " CONNECT/CONNACK), DISCONNECT, and start over; reports connects/s, connect latency and the broker's CPU per connect.",
                "",
                "With a fleet, connection i is device i mod n (10,000 connections of a 100-device fleet: 100 per device, distinct"
                        + " ClientIDs). Past ~28,000 connections from one address give --source-address 127.0.0.2,127.0.0.3,...",
                "",
                "Examples (10,000 connections of 1,000 devices held for 30 s; connect rate of a saved fleet):",
                "  iotcore bench conn --provision --devices 1000 -c 10000 --hold 30s --broker-pid PID",
                "  iotcore bench conn --fleet /tmp/fleet --mode rate -d 10s",
                ""})
public final class ConnCommand implements Callable<Integer> {

    enum Mode { IDLE, RATE }

    @Option(names = "--mode", paramLabel = "idle|rate", converter = EnumConverters.ModeConverter.class, defaultValue = "idle", description = "(default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = {"-c", "--connections"}, paramLabel = "K", defaultValue = "1000", description = "Idle: connections to hold (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Idle: handshakes in progress at once (default 100); rate: connect loops (default: 4 per core).")
    Integer concurrency;

    @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "10s", converter = BenchDuration.class,
            description = "Idle: how long the connections stay open once all are up (default: ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "2s", converter = BenchDuration.class,
            description = "Idle: wait after the last connection before reading the broker's memory (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--subscribe", paramLabel = "PATTERN", description = "Idle: each connection subscribes to this filter (%%i, %%d, %%r), e.g. $devices/%%d/commands.")
    String subscribe;

    @Option(names = "--qos", paramLabel = "0|1", defaultValue = "1", description = "QoS of --subscribe (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--pre-sample", paramLabel = "COMMAND",
            description = "Idle: shell command run before each memory reading, {pid} = --broker-pid; e.g. 'jcmd {pid} GC.run' for a JVM broker.")
    String preSample;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "2s", converter = BenchDuration.class,
            description = "Rate: connecting before the measurement starts (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "10s", converter = BenchDuration.class,
            description = "Rate: measured time (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--as", paramLabel = "device|registry", converter = EnumConverters.RoleConverter.class, defaultValue = "device", description = "Fleet identity of the connections (default: ${DEFAULT-VALUE}).")
    Role as;

    @Mixin
    TargetOptions target;

    @Mixin
    FleetOptions fleetOptions;

    @Mixin
    ReportOptions report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (connections < 1 || (concurrency != null && concurrency < 1)) {
            throw new UserException("--connections and --concurrency must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Fleet fleet = fleetOptions.fleet(target.api, as == Role.DEVICE ? (mode == Mode.IDLE ? connections : 100) : 0, report.quiet ? null : err);
        Clients.Settings settings = target.settings(1 << 20);
        Identities ids = new Identities(fleet, fleetOptions.auth, settings.tls(), target.clientKey(), target.username, target.password);
        String prefix = target.clientIdPrefix(BenchCommand.randomId());
        ObjectNode json = Json.object().put("mode", mode == Mode.IDLE ? "conn-idle" : "conn-rate");
        json.set("tags", Json.MAPPER.valueToTree(report.tags));
        ObjectNode config = json.putObject("config").put("host", settings.host()).put("port", settings.port()).put("tls", settings.tls())
                .put("resume", settings.resume()).put("threads", settings.threads()).put("cores", Runtime.getRuntime().availableProcessors());
        ObjectNode result = json.putObject("result");
        try (Clients clients = new Clients(settings); Progress progress = new Progress(err, !report.quiet)) {
            progress.note(String.format("bench conn %s against %s:%d (%s) as %s", mode.name().toLowerCase(Locale.ROOT), settings.host(),
                    settings.port(), clients.transportName(), ids.describe()));
            ConnRun run = new ConnRun(clients, report.broker(), progress);
            try {
                if (mode == Mode.IDLE) {
                    int n = concurrency == null ? 100 : concurrency;
                    config.put("connections", connections).put("concurrency", n).put("holdSeconds", hold.toMillis() / 1000.0)
                            .put("subscribe", subscribe);
                    ConnRun.IdleResult r = run.idle(new ConnRun.IdleConfig(connections, n, settle, hold,
                                    subscribe == null ? null : i -> ids.topic(subscribe, as, i), qos, preSample),
                            i -> ids.spec(as, i, prefix + "c" + i, true));
                    idle(result, r);
                    if (!report.json) {
                        printIdle(out, r);
                    }
                } else {
                    int n = concurrency == null ? 4 * Runtime.getRuntime().availableProcessors() : concurrency;
                    config.put("concurrency", n).put("warmupSeconds", warmup.toMillis() / 1000.0).put("durationSeconds", duration.toMillis() / 1000.0);
                    ConnRun.RateResult r = run.rate(new ConnRun.RateConfig(n, warmup, duration), i -> ids.spec(as, i, prefix + "c" + i, true));
                    rate(result, r);
                    if (!report.json) {
                        printRate(out, r);
                    }
                }
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
        if (report.json) {
            out.println(json.toPrettyString());
        }
        out.flush();
        return 0;
    }

    private void idle(ObjectNode o, ConnRun.IdleResult r) {
        o.put("connected", r.connections()).put("failed", r.failed()).put("firstFailure", r.firstFailure())
                .put("rampSeconds", PubSubCommand.round3(r.rampSeconds()))
                .put("connectsPerSecond", PubSubCommand.round(r.connections() / Math.max(1e-9, r.rampSeconds())))
                .put("closedDuringHold", r.closedDuringHold());
        latency(o, r.connectLatency());
        if (r.rssBefore() != null) {
            o.putObject("broker").put("pid", report.brokerPid).put("rssBeforeBytes", r.rssBefore()).put("rssAfterBytes", r.rssAfter())
                    .put("rssHalfWayBytes", r.rssHalfWay()).put("connectedHalfWay", r.connectedHalfWay())
                    .put("rssBytesPerConnection", r.rssPerConnection())
                    .put("rssBytesPerConnectionMarginal", r.rssPerConnectionMarginal())
                    .put("cpuMillisPerConnect", r.connections() == 0 ? null : PubSubCommand.round3(r.brokerCpuNanos() / 1e6 / r.connections()));
        }
    }

    private void rate(ObjectNode o, ConnRun.RateResult r) {
        o.put("connects", r.connects()).put("connectsPerSecond", PubSubCommand.round(r.connectsPerSecond())).put("failures", r.failures())
                .put("firstFailure", r.firstFailure());
        latency(o, r.latency());
        if (r.brokerCpuNanos() != null) {
            o.putObject("broker").put("pid", report.brokerPid).put("cpuMillis", r.brokerCpuNanos() / 1_000_000)
                    .put("cpuMillisPerConnect", r.connects() == 0 ? null : PubSubCommand.round3(r.brokerCpuNanos() / 1e6 / r.connects()));
        }
        o.putObject("tool").put("cpuMillis", r.benchCpuNanos() / 1_000_000)
                .put("cpuMillisPerConnect", r.connects() == 0 ? null : PubSubCommand.round3(r.benchCpuNanos() / 1e6 / r.connects()));
    }

    private static void latency(ObjectNode o, Histogram h) {
        ObjectNode l = o.putObject("connectLatencyMillis").put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            l.put("p50", PubSubCommand.ms(h.getValueAtPercentile(50))).put("p99", PubSubCommand.ms(h.getValueAtPercentile(99)))
                    .put("max", PubSubCommand.ms(h.getMaxValue()));
        }
    }

    private static void printIdle(PrintWriter out, ConnRun.IdleResult r) {
        out.printf(Locale.ROOT, "connections %,d open, %,d failed%s; ramp %.1f s (%,.0f connects/s)%n", r.connections(), r.failed(),
                r.firstFailure() == null ? "" : " (first: " + r.firstFailure() + ")", r.rampSeconds(), r.connections() / Math.max(1e-9, r.rampSeconds()));
        if (r.connectLatency().getTotalCount() > 0) {
            out.printf(Locale.ROOT, "connect ms  p50 %.2f  p99 %.2f  max %.2f%n", PubSubCommand.ms(r.connectLatency().getValueAtPercentile(50)),
                    PubSubCommand.ms(r.connectLatency().getValueAtPercentile(99)), PubSubCommand.ms(r.connectLatency().getMaxValue()));
        }
        if (r.closedDuringHold() > 0) {
            out.printf(Locale.ROOT, "closed by the broker while held: %,d%n", r.closedDuringHold());
        }
        if (r.rssBefore() != null) {
            out.printf(Locale.ROOT, "broker RSS  %,d KB before, %,d KB after: %,d bytes per connection; %.2f ms CPU per connect%n",
                    r.rssBefore() / 1024, r.rssAfter() / 1024, r.rssPerConnection(), r.brokerCpuNanos() / 1e6 / Math.max(1, r.connections()));
            if (r.rssPerConnectionMarginal() != null) {
                out.printf(Locale.ROOT, "broker RSS  %,d KB with %,d connections: %,d bytes per connection from there on (marginal)%n",
                        r.rssHalfWay() / 1024, r.connectedHalfWay(), r.rssPerConnectionMarginal());
            }
        }
    }

    private static void printRate(PrintWriter out, ConnRun.RateResult r) {
        out.printf(Locale.ROOT, "connects    %,d in %.1f s: %,.0f/s, %,d failed%s%n", r.connects(), r.measuredSeconds(), r.connectsPerSecond(),
                r.failures(), r.firstFailure() == null ? "" : " (first: " + r.firstFailure() + ")");
        if (r.latency().getTotalCount() > 0) {
            out.printf(Locale.ROOT, "connect ms  p50 %.2f  p99 %.2f  max %.2f%n", PubSubCommand.ms(r.latency().getValueAtPercentile(50)),
                    PubSubCommand.ms(r.latency().getValueAtPercentile(99)), PubSubCommand.ms(r.latency().getMaxValue()));
        }
        if (r.brokerCpuNanos() != null) {
            out.printf(Locale.ROOT, "broker      %.3f ms CPU per connect%n", r.brokerCpuNanos() / 1e6 / Math.max(1, r.connects()));
        }
        out.printf(Locale.ROOT, "tool        %.3f ms CPU per connect%n", r.benchCpuNanos() / 1e6 / Math.max(1, r.connects()));
    }
}

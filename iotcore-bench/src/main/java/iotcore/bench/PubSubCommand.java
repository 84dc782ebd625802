package iotcore.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.bench.fleet.Fleet;
import iotcore.bench.load.ClientSpec;
import iotcore.bench.load.Clients;
import iotcore.bench.load.Payload;
import iotcore.bench.load.Progress;
import iotcore.bench.load.PubSubRun;
import iotcore.bench.load.QueueRefusals;
import iotcore.cli.UserException;
import iotcore.cli.client.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "pubsub", sortOptions = false,
        description = {"N publishers -> M subscribers: delivered msg/s, lost and duplicated copies, end-to-end latency.",
                "",
                "Subscribers connect and subscribe first, then publishers publish for --warmup and --duration and stop; the"
                        + " subscribers get --drain time for what is still on its way. Each payload carries its send time; latency is"
                        + " from send to receipt, both in this process. A copy that a subscriber whose filter matches the topic has"
                        + " not received after the drain is refused when iotcore's metrics count it as refused for a full session"
                        + " queue (with a fleet), else lost.",
                "",
                "Pacing: closed loop by default (each publisher keeps at most --window messages on their way to every matching"
                        + " subscriber; at QoS 0 a window stalled for --window-timeout is written off, at QoS 1 it is waited for),"
                        + " or --rate msg/s in total on a fixed schedule (latency then counts from the scheduled time).",
                "",
                "Topics: %%i is the client's index, %%d its device id and %%r the registry id with a fleet (--provision or --fleet):"
                        + " devices publish to $devices/%%d/events and a registry subscribes to $devices/+/events unless told otherwise.",
                "",
                "Examples (10 mTLS devices -> 1 registry on the local server; commands fan-out; another broker):",
                "  iotcore bench pubsub --provision -n 10 -m 1 --qos 1",
                "  iotcore bench pubsub --provision -n 1 --pub-as registry -m 100 --sub-as device",
                "  iotcore bench pubsub --plain --port 1883 -n 4 -m 4 -t 'bench/%%i' --sub-topic 'bench/#' --rate 5000",
                ""})
public final class PubSubCommand implements Callable<Integer> {

    @Option(names = {"-n", "--publishers"}, paramLabel = "N", defaultValue = "1", description = "Publishing clients (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = {"-m", "--subscribers"}, paramLabel = "M", defaultValue = "1", description = "Subscribing clients (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = {"-t", "--topic"}, paramLabel = "PATTERN",
            description = "Topic each publisher publishes to (default: $devices/%%d/events as a device, $registries/%%r/commands as a registry, bench/%%i without a fleet).")
    String topic;

    @Option(names = "--sub-topic", paramLabel = "PATTERN",
            description = "Filter each subscriber subscribes to (default: $devices/+/events as a registry, $registries/%%r/commands as a device, bench/# without a fleet).")
    String subTopic;

    @Option(names = "--pub-as", paramLabel = "device|registry", converter = EnumConverters.RoleConverter.class, defaultValue = "device", description = "Fleet identity of the publishers (default: ${DEFAULT-VALUE}).")
    Role pubAs;

    @Option(names = "--sub-as", paramLabel = "device|registry", converter = EnumConverters.RoleConverter.class, defaultValue = "registry", description = "Fleet identity of the subscribers (default: ${DEFAULT-VALUE}).")
    Role subAs;

    @Option(names = "--qos", paramLabel = "0|1", defaultValue = "0", description = "QoS of PUBLISH and SUBSCRIBE (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = {"-s", "--payload-size"}, paramLabel = "BYTES", defaultValue = "64",
            description = "Payload size, at least " + Payload.HEADER + " (send time, sequence, publisher) (default: ${DEFAULT-VALUE}).")
    int payloadSize;

    @Option(names = "--rate", paramLabel = "MSG/S", defaultValue = "0", description = "Total publish rate over all publishers; 0: closed loop (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--window", paramLabel = "N", defaultValue = "500",
            description = "Closed loop: messages per publisher on their way end to end (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--inflight", paramLabel = "N", defaultValue = "1000", description = "QoS 1: PUBLISHes per publisher awaiting PUBACK (default: ${DEFAULT-VALUE}).")
    int inflight;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "2s", converter = BenchDuration.class,
            description = "Publishing before the measurement starts (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "10s", converter = BenchDuration.class,
            description = "Measured publishing time (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--drain", paramLabel = "DURATION", defaultValue = "30s", converter = BenchDuration.class,
            description = "At most this long after the last publish for copies still on their way; ends when all arrived or after 3 s without any (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--window-timeout", paramLabel = "DURATION", defaultValue = "1s", converter = BenchDuration.class,
            description = "Closed loop, QoS 0: a window without progress this long is written off as lost (default: ${DEFAULT-VALUE}).")
    Duration windowTimeout;

    @Option(names = "--persistent", description = "Subscribers connect with cleanSession=0 (their sessions are discarded after the run).")
    boolean persistent;

    @Option(names = "--connect-concurrency", paramLabel = "N", defaultValue = "100", description = "Connections in progress at once (default: ${DEFAULT-VALUE}).")
    int connectConcurrency;

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
        check();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Fleet fleet = fleetOptions.fleet(target.api, (pubAs == Role.DEVICE ? publishers : 0) + (subAs == Role.DEVICE ? subscribers : 0),
                report.quiet ? null : err);
        Clients.Settings settings = target.settings(Math.max(1 << 20, payloadSize + 70_000));
        Identities ids = new Identities(fleet, fleetOptions.auth, settings.tls(), target.clientKey(), target.username, target.password);
        String prefix = target.clientIdPrefix(BenchCommand.randomId());
        String pubPattern = topic != null ? topic : !ids.hasFleet() ? "bench/%i" : pubAs == Role.DEVICE ? "$devices/%d/events" : "$registries/%r/commands";
        String subPattern = subTopic != null ? subTopic : !ids.hasFleet() ? "bench/#" : subAs == Role.REGISTRY ? "$devices/+/events" : "$registries/%r/commands";
        List<ClientSpec> pubSpecs = new ArrayList<>();
        List<String> pubTopics = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            pubSpecs.add(ids.spec(pubAs, i, prefix + "p" + i, true));
            pubTopics.add(ids.topic(pubPattern, pubAs, i));
        }
        List<ClientSpec> subSpecs = new ArrayList<>();
        List<String> subFilters = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            subSpecs.add(ids.spec(subAs, i, prefix + "s" + i, !persistent));
            subFilters.add(ids.topic(subPattern, subAs, i));
        }
        PubSubRun.Config config = new PubSubRun.Config(qos, payloadSize, rate, window, inflight, warmup, duration, drain, windowTimeout,
                connectConcurrency);
        PubSubRun.Result result;
        try (Clients clients = new Clients(settings); Progress progress = new Progress(err, !report.quiet)) {
            progress.note(String.format("bench pubsub: %d -> %d, QoS %d, %d B, %s, against %s:%d (%s), as %s", publishers, subscribers, qos,
                    payloadSize, rate > 0 ? String.format("%,.0f msg/s", rate) : "closed loop, window " + window, settings.host(),
                    settings.port(), clients.transportName(), ids.describe()));
            try {
                result = new PubSubRun(config, clients, pubSpecs, pubTopics, subSpecs, subFilters, report.broker(), refusals(),
                        progress).run();
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            if (persistent) {
                discardSessions(clients, subSpecs);
            }
        }
        if (report.json) {
            out.println(json(settings, pubTopics.get(0), subFilters.get(0), result).toPrettyString());
        } else {
            summary(out, result);
        }
        out.flush();
        return 0;
    }

    private void check() {
        if (publishers < 1 || subscribers < 0) {
            throw new UserException("--publishers must be at least 1 and --subscribers at least 0");
        }
        if (qos != 0 && qos != 1) {
            throw new UserException("--qos must be 0 or 1");
        }
        if (payloadSize < Payload.HEADER) {
            throw new UserException("--payload-size must be at least " + Payload.HEADER + " bytes (send time, sequence and publisher index)");
        }
        if (rate < 0 || window < 2 || inflight < 1 || inflight > 65_000) {
            throw new UserException("--rate must not be negative, --window must be at least 2, --inflight between 1 and 65000");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new UserException("--duration must be longer than zero");
        }
        if (!fleetOptions.used() && (pubAs != Role.DEVICE || subAs != Role.REGISTRY)) {
            // roles only mean something with a fleet; accepting them silently would mislead
            throw new UserException("--pub-as and --sub-as need a fleet (--provision or --fleet DIR)");
        }
    }

    /** iotcore's refusal counter, read through the API of the fleet's server; null without a fleet or API. */
    private LongSupplier refusals() {
        if (!fleetOptions.used()) {
            return null;
        }
        try {
            QueueRefusals refusals = new QueueRefusals(target.api.endpoint().uri());
            return refusals.getAsLong() < 0 ? null : refusals;
        } catch (RuntimeException noApi) {
            return null;
        }
    }

    /** A persistent subscriber's session would outlive the run in the broker: a clean connect ends it. */
    private static void discardSessions(Clients clients, List<ClientSpec> subSpecs) {
        List<ClientSpec> clean = new ArrayList<>();
        for (ClientSpec s : subSpecs) {
            clean.add(new ClientSpec(s.clientId(), s.key(), s.username(), s.password(), true));
        }
        try {
            for (var c : iotcore.bench.load.Connections.join(clients.connectAll(clean, 100, i -> iotcore.bench.load.BenchClient.NO_LISTENER,
                    () -> { }), "discarding sessions")) {
                c.disconnect().get(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // best effort: the broker keeps the session, which no later run reuses (client ids are random)
        }
    }

    private ObjectNode json(Clients.Settings settings, String pubTopic, String subFilter, PubSubRun.Result r) {
        ObjectNode root = Json.object().put("mode", "pubsub");
        root.set("tags", Json.MAPPER.valueToTree(report.tags));
        ObjectNode c = root.putObject("config");
        c.put("host", settings.host()).put("port", settings.port()).put("tls", settings.tls()).put("publishers", publishers)
                .put("subscribers", subscribers).put("topic", pubTopic).put("subTopic", subFilter).put("qos", qos)
                .put("payloadSize", payloadSize).put("rate", rate).put("window", window).put("inflight", inflight)
                .put("warmupSeconds", warmup.toMillis() / 1000.0).put("durationSeconds", duration.toMillis() / 1000.0)
                .put("persistent", persistent).put("threads", settings.threads()).put("cores", Runtime.getRuntime().availableProcessors());
        ObjectNode o = root.putObject("result");
        o.put("sent", r.sent()).put("sentPerSecond", round(r.sentPerSecond())).put("expectedCopies", r.expectedCopies())
                .put("delivered", r.deliveredInWindow()).put("deliveredPerSecond", round(r.deliveredPerSecond()))
                .put("receivedMeasured", r.receivedMeasured()).put("copies", r.copies()).put("refused", r.refused())
                .put("lost", r.lost()).put("duplicated", r.duplicated())
                .put("foreign", r.foreign()).put("unexpected", r.unexpected()).put("windowTimeouts", r.windowTimeouts())
                .put("connectMillis", r.connectMillis());
        ObjectNode l = o.putObject("latencyMillis");
        l.put("count", r.latency().getTotalCount());
        if (r.latency().getTotalCount() > 0) {
            l.put("p50", ms(r.latency().getValueAtPercentile(50))).put("p90", ms(r.latency().getValueAtPercentile(90)))
                    .put("p99", ms(r.latency().getValueAtPercentile(99))).put("p999", ms(r.latency().getValueAtPercentile(99.9)))
                    .put("max", ms(r.latency().getMaxValue())).put("mean", ms((long) r.latency().getMean()));
        }
        if (r.brokerCpuNanos() != null) {
            ObjectNode b = o.putObject("broker");
            b.put("pid", report.brokerPid).put("cpuMillis", r.brokerCpuNanos() / 1_000_000)
                    .put("cpuMicrosPerMessage", r.deliveredInWindow() == 0 ? null : round3(r.brokerCpuNanos() / 1000.0 / r.deliveredInWindow()))
                    .put("rssBytes", r.brokerRssBytes());
        }
        o.putObject("tool").put("cpuMillis", r.benchCpuNanos() / 1_000_000)
                .put("cpuMicrosPerMessage", r.deliveredInWindow() == 0 ? null : round3(r.benchCpuNanos() / 1000.0 / r.deliveredInWindow()));
        return root;
    }

    private void summary(PrintWriter out, PubSubRun.Result r) {
        out.printf(Locale.ROOT, "publishers %d, subscribers %d, matching pairs %d, QoS %d, payload %d B, measured %.1f s%n", r.publishers(),
                r.subscribers(), r.matchedPairs(), qos, payloadSize, r.measuredSeconds());
        out.printf(Locale.ROOT, "sent        %,12d msgs  %,12.0f msg/s%n", r.sent(), r.sentPerSecond());
        out.printf(Locale.ROOT, "delivered   %,12d msgs  %,12.0f msg/s%n", r.deliveredInWindow(), r.deliveredPerSecond());
        out.printf(Locale.ROOT, "lost        %,12d of %,d copies sent (warm-up included)%s%n", r.lost(), r.copies(),
                r.windowTimeouts() > 0 ? " (" + r.windowTimeouts() + " stalled windows written off)" : "");
        if (r.refused() != null) {
            out.printf(Locale.ROOT, "refused     %,12d (by the broker: a session queue was full)%n", r.refused());
        }
        out.printf(Locale.ROOT, "duplicated  %,12d%n", r.duplicated());
        if (r.foreign() + r.unexpected() > 0) {
            out.printf(Locale.ROOT, "ignored     %,12d (not from this run) + %,d (from a publisher whose topic should not match)%n",
                    r.foreign(), r.unexpected());
        }
        if (r.latency().getTotalCount() > 0) {
            out.printf(Locale.ROOT, "latency ms  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n", ms(r.latency().getValueAtPercentile(50)),
                    ms(r.latency().getValueAtPercentile(90)), ms(r.latency().getValueAtPercentile(99)),
                    ms(r.latency().getValueAtPercentile(99.9)), ms(r.latency().getMaxValue()));
        }
        if (r.brokerCpuNanos() != null) {
            out.printf(Locale.ROOT, "broker      %.1f µs CPU per delivered message (%d ms CPU in %.1f s, %.0f%% of a core), RSS %,d KB%n",
                    r.deliveredInWindow() == 0 ? 0 : r.brokerCpuNanos() / 1000.0 / r.deliveredInWindow(), r.brokerCpuNanos() / 1_000_000,
                    r.measuredSeconds(), r.brokerCpuNanos() / 1e7 / r.measuredSeconds(), r.brokerRssBytes() / 1024);
        }
        out.printf(Locale.ROOT, "tool        %.1f µs CPU per delivered message (%.0f%% of a core)%n",
                r.deliveredInWindow() == 0 ? 0 : r.benchCpuNanos() / 1000.0 / r.deliveredInWindow(), r.benchCpuNanos() / 1e7 / r.measuredSeconds());
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

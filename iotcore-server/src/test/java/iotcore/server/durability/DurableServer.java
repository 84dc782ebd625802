package iotcore.server.durability;

import iotcore.server.mqtt.FailureLog;
import iotcore.server.mqtt.Mqtt;
import iotcore.server.mqtt.MqttApi;
import iotcore.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One iotcore server that these suites kill, stop and start again, always on the same data directory
 * (so also on the same embedded H2 database, which lives in it) and with the same arguments:
 *
 * <pre>
 * serve --data-dir &lt;dir&gt; --http-port 0 --mqtts-port 0 --wss-port 0 --mqtt-host 127.0.0.1 --mqtt-port 0 [extra]
 * </pre>
 *
 * Every start binds new free ports: clients take the current ones from {@link #mqtt()} at each
 * (re)connection. The generated CA in {@code <data-dir>/tls} is reused by every start. The log of all
 * starts is appended to {@code <data-dir>/server.log}.
 */
final class DurableServer implements AutoCloseable {

    private final Path dataDir;
    private final List<String> args;
    private final List<String> jvmArgs;
    private volatile ServerProcess process;
    private volatile Mqtt mqtt;
    private volatile MqttApi api;
    private volatile Duration lastStartTime = Duration.ZERO;
    private int starts;

    private DurableServer(Path dataDir, List<String> args, List<String> jvmArgs) {
        this.dataDir = dataDir;
        this.args = args;
        this.jvmArgs = jvmArgs;
    }

    /** Starts a server on {@code dataDir} with the standard arguments, {@code --mqtt-port 0} and {@code extra}. */
    static DurableServer start(Path dataDir, String... extra) {
        return start(dataDir, List.of(), extra);
    }

    /** As {@link #start(Path, String...)} with JVM options for the server process (e.g. NMT). */
    static DurableServer start(Path dataDir, List<String> jvmArgs, String... extra) {
        List<String> args = new ArrayList<>(List.of("--mqtt-port", "0"));
        args.addAll(List.of(extra));
        DurableServer server = new DurableServer(dataDir, List.copyOf(args), List.copyOf(jvmArgs));
        server.startAgain();
        return server;
    }

    /** The arguments after the standard ones, as the report of a suite shows them. */
    List<String> args() {
        return args;
    }

    /** Starts a new process on the same data directory; the previous one must be gone. */
    void startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the previous server " + process + " is still running");
        }
        long begin = System.nanoTime();
        ServerProcess started = ServerProcess.builder().dataDir(dataDir)
                .jvmArgs(jvmArgs.toArray(String[]::new)).args(args.toArray(String[]::new)).start();
        lastStartTime = Duration.ofNanos(System.nanoTime() - begin);
        api = new MqttApi(started.adminClient());
        mqtt = new Mqtt(started);
        process = started;
        starts++;
    }

    /** SIGKILL and wait for the process to be gone; returns its exit code. */
    int kill() {
        return process.kill();
    }

    /** SIGTERM; waits up to 20 s, then SIGKILL (see {@link ServerProcess#stop()}); returns the exit code. */
    int stop() {
        return process.stop();
    }

    /** The current (or last) server process. */
    ServerProcess process() {
        return process;
    }

    /** MQTT endpoints of the current process. */
    Mqtt mqtt() {
        return mqtt;
    }

    /** The REST API of the current process, as admin (the token is the same for every start). */
    MqttApi api() {
        return api;
    }

    Path dataDir() {
        return dataDir;
    }

    /** How long the last start took until {@code ports.json} appeared. */
    Duration lastStartTime() {
        return lastStartTime;
    }

    /** How many processes were started. */
    int starts() {
        return starts;
    }

    /** {@code tcp://127.0.0.1:<plain MQTT port of the current process>}. */
    String tcpUri() {
        return mqtt.tcpUri();
    }

    /** The whole server log (every start). */
    String log() {
        try {
            return Files.readString(dataDir.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of the whole log that match {@code pattern} (found anywhere in the line), in order. */
    List<Matcher> logLines(Pattern pattern) {
        List<Matcher> matches = new ArrayList<>();
        for (String line : log().split("\n")) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                matches.add(matcher);
            }
        }
        return matches;
    }

    /** Runs {@code body}; a failure carries the log tail of the current process. */
    void attachLogOnFailure(Runnable body) {
        FailureLog.attachOnFailure(process, body);
    }

    /** Stops the current process if it still runs (SIGTERM, then SIGKILL after 20 s). */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }

    @Override
    public String toString() {
        return "DurableServer[" + dataDir + ", start #" + starts + ": " + process + "]";
    }
}

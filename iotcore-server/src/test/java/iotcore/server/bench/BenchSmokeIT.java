package iotcore.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import iotcore.bench.BenchCommand;
import iotcore.cli.Cli;
import iotcore.testkit.ServerProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Keeps every {@code ./iotcore bench} mode working: each runs for about a second against the real server (a
 * provisioned mTLS fleet) or the bench's own sink, and its {@code --json} must parse and make sense. Not a
 * benchmark: the numbers are only checked for being there, delivered and complete.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchSmokeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SHORT = {"--warmup", "300ms", "-d", "1s", "--drain", "2s", "--window", "50", "--quiet", "--json"};

    @TempDir
    static Path temp;

    static ServerProcess server;
    static Path fleet;

    @BeforeAll
    static void start() {
        server = ServerProcess.builder().args("--mqtt-port", "0").start();
        fleet = temp.resolve("fleet");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    @Order(1)
    void provisionCreatesARegistryAndDevicesWithCertificates() throws Exception {
        JsonNode out = bench("provision", "--fleet", fleet.toString(), "--devices", "3", "--auth", "password", "--json");
        assertThat(out.path("devices").asInt()).isEqualTo(3);
        assertThat(fleet.resolve("fleet.json")).exists();
        assertThat(Files.readString(fleet.resolve("mosquitto.acl"))).contains("user " + out.path("registryName").asText());
    }

    @Test
    @Order(2)
    void devicesToRegistryAtQos1LoseNothing() throws Exception {
        JsonNode out = bench(concat("pubsub", "--fleet", fleet.toString(), "-n", "3", "-m", "1", "--qos", "1",
                "--broker-pid", Long.toString(server.pid()), "--tag", "scenario=b", "--tag", "broker=iotcore"));
        JsonNode r = out.path("result");
        assertThat(out.path("config").path("subTopic").asText()).isEqualTo("$devices/+/events");
        assertThat(r.path("delivered").asLong()).isPositive();
        assertThat(r.path("lost").asLong()).isZero();
        assertThat(r.path("duplicated").asLong()).isZero();
        // every measured copy that arrived has a latency; a cold server may have let none through in one second
        assertThat(r.path("latencyMillis").path("count").asLong()).isEqualTo(r.path("receivedMeasured").asLong());
        if (r.path("receivedMeasured").asLong() > 0) {
            assertThat(r.path("latencyMillis").path("p50").asDouble()).isPositive();
        }
        assertThat(r.path("broker").path("cpuMicrosPerMessage").isNumber()).isTrue();
        Files.writeString(temp.resolve("results").resolve("b-iotcore.json"), out.toString());
    }

    @Test
    @Order(3)
    void registryCommandsFanOutToDevicesAtAFixedRate() throws Exception {
        JsonNode out = bench(concat("pubsub", "--fleet", fleet.toString(), "-n", "1", "--pub-as", "registry", "-m", "3",
                "--sub-as", "device", "--rate", "300"));
        JsonNode r = out.path("result");
        assertThat(out.path("config").path("topic").asText()).startsWith("$registries/").endsWith("/commands");
        assertThat(r.path("sentPerSecond").asDouble()).isBetween(200.0, 400.0);
        assertThat(r.path("delivered").asLong()).isPositive();
        assertThat(r.path("expectedCopies").asLong()).isEqualTo(3 * r.path("sent").asLong());
    }

    @Test
    @Order(4)
    void passwordLoginOverPlainTcp() throws Exception {
        JsonNode out = bench(concat("pubsub", "--fleet", fleet.toString(), "--auth", "password", "--plain",
                "--port", Integer.toString(server.port("mqtt")), "-n", "1", "-m", "1"));
        assertThat(out.path("config").path("tls").asBoolean()).isFalse();
        assertThat(out.path("result").path("delivered").asLong()).isPositive();
    }

    @Test
    @Order(5)
    void idleConnectionsAreHeldAndMeasured() throws Exception {
        JsonNode out = bench("conn", "--fleet", fleet.toString(), "-c", "6", "--hold", "1s", "--settle", "200ms", "--subscribe",
                "$devices/%d/commands", "--broker-pid", Long.toString(server.pid()), "--quiet", "--json");
        JsonNode r = out.path("result");
        assertThat(r.path("connected").asInt()).isEqualTo(6);
        assertThat(r.path("failed").asInt()).isZero();
        assertThat(r.path("closedDuringHold").asInt()).isZero();
        assertThat(r.path("broker").path("rssAfterBytes").asLong()).isPositive();
        assertThat(r.path("broker").path("connectedHalfWay").asInt()).isEqualTo(3); // read half-way too: the marginal cost
        assertThat(r.path("broker").path("rssHalfWayBytes").asLong()).isPositive();
        assertThat(r.path("broker").path("rssBytesPerConnectionMarginal").isNumber()).isTrue(); // null when not computed
    }

    @Test
    @Order(6)
    void connectRateCompletesHandshakes() throws Exception {
        JsonNode out = bench("conn", "--fleet", fleet.toString(), "--mode", "rate", "--warmup", "200ms", "-d", "1s", "--concurrency", "2",
                "--broker-pid", Long.toString(server.pid()), "--quiet", "--json");
        JsonNode r = out.path("result");
        assertThat(r.path("connects").asLong()).isPositive();
        assertThat(r.path("failures").asLong()).isZero();
        assertThat(r.path("broker").path("cpuMillisPerConnect").asDouble()).isPositive();
    }

    @Test
    @Order(7)
    void sinkTakesAnyTopicAndTableSummarisesResults() throws Exception {
        Path portFile = temp.resolve("sink.port");
        Thread sink = Thread.ofPlatform().daemon().start(() -> {
            try {
                run("sink", "--port", "0", "--port-file", portFile.toString(), "--max-time", "20s");
            } catch (AssertionError interrupted) {
                // stopped by the interrupt below
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(portFile) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        JsonNode out = bench(concat("pubsub", "--plain", "--port", Files.readString(portFile).strip(), "-n", "2", "-m", "2",
                "-t", "bench/%i", "--sub-topic", "bench/#", "--qos", "1", "--tag", "scenario=b", "--tag", "broker=sink"));
        JsonNode r = out.path("result");
        assertThat(r.path("delivered").asLong()).isPositive();
        assertThat(r.path("lost").asLong()).isZero();
        assertThat(r.path("expectedCopies").asLong()).isEqualTo(2 * r.path("sent").asLong());
        Files.writeString(temp.resolve("results").resolve("b-sink.json"), out.toString());
        sink.interrupt();

        String table = run("table", temp.resolve("results").toString(), "--brokers", "iotcore,sink");
        assertThat(table).contains("| iotcore | sink | iotcore/sink |").contains("delivered msg/s").contains("lost (all rounds)");
    }

    private static String[] concat(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(SHORT));
        return all.toArray(String[]::new);
    }

    /** Runs {@code iotcore bench ...} in this JVM, as Main wires it, against the test server's data directory. */
    private static JsonNode bench(String... args) {
        String out = run(args);
        try {
            return JSON.readTree(out);
        } catch (Exception e) {
            throw new AssertionError("bench " + String.join(" ", args) + " printed no JSON:\n" + out, e);
        }
    }

    private static String run(String... args) {
        try {
            Files.createDirectories(temp.resolve("results"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CommandLine cli = Cli.commandLine();
        cli.addSubcommand("bench", new BenchCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        if (!List.of(args).contains("sink") && !List.of(args).contains("table")) {
            all.addAll(List.of("--data-dir", server.dataDir().toString()));
        }
        int code = cli.execute(all.toArray(String[]::new));
        assertThat(code).as("exit code of bench %s; stderr:\n%s\nstdout:\n%s", String.join(" ", args), err, out).isZero();
        return out.toString();
    }
}

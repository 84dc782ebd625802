package iotcore.server.durability;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.server.mqtt.FailureLog;
import iotcore.server.mqtt.World;
import iotcore.testkit.ApiClient;
import iotcore.testkit.ServerProcess;
import iotcore.testkit.TestPostgres;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live backup and restore (issue 4, docs/durability.md "Backup and restore"): {@code iotcore backup DIR}
 * (the CLI in its own JVM, finding the server through its data directory, as the launcher runs it) while
 * a device publishes QoS 1 messages as fast as its PUBACKs come, then SIGTERM, a copy of the backup as
 * the data directory of a new server, and the state of the moment of the backup in it.
 * <p>
 * Server: the standard arguments plus {@code --mqtt-port 0} ({@link DurableServer}), embedded H2. World
 * R1 {D1, D2}; R1 has a persistent session (cleanSession=0) subscribed to D1's {@code events}, offline,
 * so D1's messages queue in it. After the restore: the registries and devices are listed by the API,
 * R1 connects over TLS with its certificate (the restored CA and server certificate) and gets
 * session-present=1 and every message acknowledged before the backup was asked for, in order, and none
 * published after the backup had answered; D1 still logs in with its password. On PostgreSQL (embedded, as in
 * the other PostgreSQL suites) the backup holds the store, TLS material and admin token, and says to pg_dump the
 * database.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BackupRestoreIT {

    @TempDir
    Path dataDir;

    @TempDir
    Path elsewhere;

    private DurableServer server;

    @RegisterExtension
    final FailureLog.OnFailure serverLogOnFailure = new FailureLog.OnFailure(
            () -> server == null ? null : server.process());

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.mqtt().closeAll();
            server.close();
        }
    }

    @Test
    void aBackupTakenWhilePublishingRestoresSessionsQueuesAndDevices() throws Exception {
        server = DurableServer.start(dataDir);
        World w = server.api().newWorld();
        String clientId = unique("backed-up");
        String topic = w.d1().topic("events");
        server.mqtt().byCertificate(w.r1()).clientId(clientId).cleanSession(false).connect().subscribed(topic).disconnect();

        Publisher d1 = new Publisher(server.tcpUri(), w, topic);
        d1.start();
        d1.awaitAcknowledged(50);
        List<String> acknowledgedBefore = List.copyOf(d1.acknowledged);
        Path backup = elsewhere.resolve("backup");
        Run run = cli(server.process(), "backup", backup.toString(), "--format", "json");
        int sentBeforeAnswer = d1.sent.size();
        d1.awaitAcknowledged(sentBeforeAnswer + 20); // some published after the answer too
        d1.stop();

        assertThat(run.exit).as("%s", run).isZero();
        JsonNode answer = ApiClient.JSON.readTree(run.out);
        assertThat(answer.path("directory").asText()).isEqualTo(backup.toString());
        assertThat(answer.path("database").asText()).isEqualTo("h2");
        assertThat(answer.path("files")).extracting(JsonNode::asText).contains("iotcore.mv.db", "store/", "tls/", "admin-token");
        System.out.println("BACKUP " + answer + "; acknowledged before: " + acknowledgedBefore.size() + ", sent before the answer: "
                + sentBeforeAnswer + ", sent in all: " + d1.sent.size());

        assertThat(server.stop()).as("exit code after SIGTERM").isZero();
        Path restored = elsewhere.resolve("restored");
        copyTree(backup, restored);
        server.mqtt().closeAll();
        server = DurableServer.start(restored);

        JsonNode devices = server.api().get("/iot-devices/v1/devices?registryId=" + w.r1().id()).json().path("devices");
        assertThat(devices).extracting(d -> d.path("id").asText()).containsExactlyInAnyOrder(w.d1().id(), w.d2().id());
        TestMqttClient r1 = server.mqtt().byCertificate(w.r1()).clientId(clientId).cleanSession(false).connect();
        assertThat(r1.sessionPresent()).as("session-present after the restore").isTrue();
        List<String> got = awaitUntilQuiet(r1, acknowledgedBefore.get(acknowledgedBefore.size() - 1));
        assertThat(got.subList(0, acknowledgedBefore.size())).as("the messages acknowledged before the backup, in order")
                .containsExactlyElementsOf(acknowledgedBefore);
        Set<String> afterAnswer = new HashSet<>(d1.sent.subList(sentBeforeAnswer, d1.sent.size()));
        assertThat(got).as("nothing published after the backup answered").noneMatch(afterAnswer::contains);
        server.mqtt().byPassword(w.d1()).connect().publish(topic, unique("after-restore"));
    }

    /** On PostgreSQL the backup holds the session store, TLS material and admin token; the answer says to pg_dump the database. */
    @Test
    void onPostgresqlTheBackupLeavesTheDatabaseToPgDump() throws Exception {
        try (ServerProcess postgres = ServerProcess.builder().database(TestPostgres.newDatabase()).start()) {
            Path backup = elsewhere.resolve("pg-backup");
            ApiClient.Response answer = postgres.adminClient().post("/iotcore/v1/backups", Map.of("directory", backup.toString()));
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            assertThat(answer.path("database").asText()).contains("pg_dump");
            assertThat(answer.path("files")).extracting(JsonNode::asText).containsExactly("store/", "tls/", "admin-token");
            assertThat(backup.resolve("store").resolve("CURRENT")).exists();
            assertThat(postgres.adminClient().post("/iotcore/v1/backups", Map.of("directory", backup.toString())).status())
                    .as("a second backup into the same, no longer empty directory").isEqualTo(400);
        }
    }

    /** Waits for {@code last}, then until nothing arrives for a second; the payloads in arrival order. */
    private static List<String> awaitUntilQuiet(TestMqttClient client, String last) {
        client.awaitPayload(last);
        int count = -1;
        while (client.received().size() != count) {
            count = client.received().size();
            Paho.pause(1000);
        }
        return client.received().stream().map(Message::text).toList();
    }

    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** {@code ./iotcore ARGS} as its own JVM, with IOTCORE_DATA_DIR naming the server's data directory. */
    private Run cli(ServerProcess target, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerProcess.MAIN_CLASS));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(elsewhere, "cli", ".out");
        Path err = Files.createTempFile(elsewhere, "cli", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("IOTCORE_"));
        pb.environment().put("IOTCORE_DATA_DIR", target.dataDir().toString());
        Process process = pb.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("CLI did not finish: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** D1 publishing numbered QoS 1 messages, each after the PUBACK of the previous, until stopped. */
    static final class Publisher {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean stopping;

        Publisher(String uri, World w, String topic) {
            String prefix = unique("backup");
            thread = new Thread(() -> {
                MqttAsyncClient client = Paho.client(uri, unique("publisher"));
                try {
                    client.connect(Paho.options(w.d1(), true)).waitForCompletion(Paho.WAIT.toMillis());
                    for (int n = 0; !stopping; n++) {
                        String payload = prefix + "-" + n;
                        sent.add(payload);
                        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(Paho.WAIT.toMillis());
                        acknowledged.add(payload);
                    }
                } catch (MqttException e) {
                    throw new IllegalStateException("the publisher failed", e);
                } finally {
                    Paho.close(client, true);
                }
            }, "backup-publisher");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void awaitAcknowledged(int count) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (acknowledged.size() < count && System.nanoTime() < deadline) {
                Paho.pause(10);
            }
            assertThat(acknowledged).as("D1 is publishing").hasSizeGreaterThanOrEqualTo(count);
        }

        void stop() throws InterruptedException {
            stopping = true;
            thread.join(Paho.WAIT.toMillis() * 2);
            assertThat(thread.isAlive()).as("the publisher stopped").isFalse();
        }
    }
}

package iotcore.server.durability;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.server.mqtt.FailureLog;
import iotcore.server.mqtt.Identity;
import iotcore.server.mqtt.Mqtt;
import iotcore.server.mqtt.World;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permanent topics through SIGKILL (issue 4, docs/durability.md "Store"): the last acknowledged value
 * of each {@code state}/{@code config} topic before a kill is replayed after the restart to a new
 * subscriber.
 * <p>
 * Four writers, one per kind of permanent topic, each publishing numbered values at QoS 1 one after
 * the other (the next only after the PUBACK of the previous): D1 to {@code $devices/D1/state}, R1 to
 * {@code $devices/D1/config}, D2 to {@code $registries/R1/state}, R1 to {@code $registries/R1/config}
 * (plain TCP, password). Once every writer has had a PUBACK, the test waits a random 0.5–3 s (seed
 * printed, {@code -Diotcore.crash.seed=N}) and kills the server with SIGKILL, so a writer is usually
 * waiting for a PUBACK at that moment. After a restart on the same data directory a new clean-session
 * client that may read the topic (TLS, certificate) subscribes to it and must get exactly one replayed
 * message whose value is the writer's last acknowledged one, or the one it was still waiting for (a
 * value made durable whose PUBACK the kill swallowed may legitimately win). Three rounds; then one more
 * kill without writes: the values replayed after the last recovery must be replayed again. The world
 * is created before a first, clean restart (SIGTERM), so that no kill can catch the database of
 * registries and devices (H2) before it wrote them.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PermanentTopicCrashIT {

    static final int ROUNDS = 3;
    private static final Duration FIRST_ACKS = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private DurableServer server;

    @RegisterExtension
    final FailureLog.OnFailure serverLogOnFailure = new FailureLog.OnFailure(
            () -> server == null ? null : server.process());

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void lastAcknowledgedStateAndConfigAreReplayedAfterSigkill() {
        long seed = Long.getLong("iotcore.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        server = DurableServer.start(dataDir);
        report("seed=%d server args=%s", seed, server.args());
        World w = server.api().newWorld();
        // The registries, devices and credentials live in the database (H2 here, which may keep the last
        // second of commits in memory): a clean restart makes them durable before the first SIGKILL.
        server.stop();
        server.startAgain();
        List<Writer> writers = List.of(
                new Writer(w.d1(), w.d1().topic("state"), w.r1()),
                new Writer(w.r1(), w.d1().topic("config"), w.d1()),
                new Writer(w.d2(), w.r1().topic("state"), w.r1()),
                new Writer(w.r1(), w.r1().topic("config"), w.d2()));

        Map<String, String> replayed = new LinkedHashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            int r = round;
            String uri = server.tcpUri();
            writers.forEach(writer -> writer.start(uri, r));
            long deadline = System.nanoTime() + FIRST_ACKS.toNanos();
            while (writers.stream().anyMatch(writer -> writer.acks() == 0) && System.nanoTime() < deadline) {
                Paho.pause(20);
            }
            assertThat(writers).as("every writer had a PUBACK in round %s", round)
                    .allSatisfy(writer -> assertThat(writer.acks()).as(writer.topic).isPositive());
            long delay = 500 + (long) (random.nextDouble() * 2500);
            Paho.pause(delay);

            assertThat(server.kill()).as("SIGKILL").isEqualTo(137);
            writers.forEach(Writer::join);
            report("round %d: SIGKILL %d ms after the first acks; %s", round, delay, writers);
            server.startAgain();

            replayed.clear();
            for (Writer writer : writers) {
                String value = replayedValue(writer);
                assertThat(value).as("%s after SIGKILL in round %s: the last acknowledged value %s (or %s, "
                                + "sent but unacknowledged)", writer.topic, round, writer.lastAcknowledged, writer.pending)
                        .isIn(writer.acceptable());
                replayed.put(writer.topic, value);
            }
            report("round %d: replayed %s", round, replayed);
        }

        assertThat(server.kill()).as("SIGKILL without writes").isEqualTo(137);
        server.startAgain();
        for (Writer writer : writers) {
            assertThat(replayedValue(writer)).as("%s replayed again after one more SIGKILL", writer.topic)
                    .isEqualTo(replayed.get(writer.topic));
        }
    }

    /** The one message a new subscriber to the writer's topic gets at once (TLS, by certificate). */
    private String replayedValue(Writer writer) {
        Mqtt mqtt = server.mqtt();
        try {
            TestMqttClient reader = mqtt.connect(writer.reader).subscribed(writer.topic);
            Message first = reader.awaitMessage(m -> true, "replayed on " + writer.topic);
            Paho.pause(TestMqttClient.QUIET.toMillis());
            List<Message> received = reader.received();
            assertThat(received).as("exactly one replayed value on %s", writer.topic).hasSize(1);
            assertThat(first.topic()).isEqualTo(writer.topic);
            return first.text();
        } finally {
            mqtt.closeAll();
        }
    }

    static void report(String format, Object... args) {
        System.out.println("PERMANENT-CRASH " + String.format(format, args));
    }

    /** Publishes numbered values to one permanent topic, each after the PUBACK of the previous. */
    static final class Writer {
        final Identity who;
        final String topic;
        final Identity reader;
        private Thread thread;
        private volatile int acks;
        volatile String lastAcknowledged;
        volatile String pending;

        Writer(Identity who, String topic, Identity reader) {
            this.who = who;
            this.topic = topic;
            this.reader = reader;
        }

        int acks() {
            return acks;
        }

        /** The values a replay may carry: the last acknowledged, or the one sent after it. */
        List<String> acceptable() {
            List<String> values = new ArrayList<>();
            values.add(lastAcknowledged);
            if (pending != null) {
                values.add(pending);
            }
            return values;
        }

        void start(String uri, int round) {
            acks = 0;
            pending = null;
            String prefix = unique("r" + round);
            thread = new Thread(() -> publishUntilTheServerDies(uri, prefix), "permanent-writer");
            thread.setDaemon(true);
            thread.start();
        }

        private void publishUntilTheServerDies(String uri, String prefix) {
            MqttAsyncClient client = Paho.client(uri, unique("writer"));
            try {
                client.connect(Paho.options(who, true)).waitForCompletion(Paho.WAIT.toMillis());
                for (int n = 0; n < 1_000_000; n++) {
                    String value = prefix + "-" + n;
                    pending = value;
                    client.publish(topic, value.getBytes(StandardCharsets.UTF_8), 1, false)
                            .waitForCompletion(Paho.WAIT.toMillis());
                    lastAcknowledged = value;
                    pending = null;
                    acks++;
                }
            } catch (MqttException killed) {
                // the server is gone: pending (if any) was sent without a PUBACK
            } finally {
                Paho.close(client, false);
            }
        }

        void join() {
            try {
                thread.join(Paho.WAIT.toMillis() * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(thread.isAlive()).as("writer of %s ended with the server", topic).isFalse();
        }

        @Override
        public String toString() {
            return topic + ": " + acks + " acks, last " + lastAcknowledged + (pending == null ? "" : ", pending " + pending);
        }
    }
}

package iotcore.server.durability;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.server.mqtt.FailureLog;
import iotcore.server.mqtt.Mqtt;
import iotcore.server.mqtt.World;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful shutdown (issue 4, docs/durability.md "Shutdown"): SIGTERM stops accepting, closes the
 * connections, flushes and closes the store and exits 0 within 15 s, with persistent sessions present
 * and a publisher still busy; after a restart on the same data directory the sessions are intact.
 * <p>
 * Server: the standard arguments plus {@code --mqtt-port 0}. Cast (world R1 {D1, D2}):
 * <ul>
 *   <li>A: R1 by certificate, cleanSession=0, subscribed to D1's and D2's {@code events}, then
 *       disconnected: {@value #OFFLINE} messages from D1 are queued for it.</li>
 *   <li>B: R1 by password, cleanSession=0, subscribed to D1's {@code events}, connected at SIGTERM.</li>
 *   <li>D2 publishes numbered QoS 1 messages one after the other (plain TCP) until the server goes
 *       away, so the SIGTERM finds a publish in progress.</li>
 * </ul>
 * After the restart A gets session-present=1, the queued D1 messages in order, and every D2 message
 * that had been acknowledged before the shutdown (the flush); B gets session-present=1; both still
 * receive new messages through their stored subscriptions (neither subscribes again).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulShutdownIT {

    static final int OFFLINE = 100;
    static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(15);

    @TempDir
    Path dataDir;

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
    void sigtermExitsZeroInTimeAndPersistentSessionsSurviveIntact() throws Exception {
        server = DurableServer.start(dataDir);
        World w = server.api().newWorld();
        Mqtt mqtt = server.mqtt();
        String idA = unique("offline-a");
        String idB = unique("online-b");

        TestMqttClient a = mqtt.byCertificate(w.r1()).clientId(idA).cleanSession(false).connect();
        a.subscribed(w.d1().topic("events"), w.d2().topic("events"));
        a.disconnect();
        TestMqttClient b = mqtt.byPassword(w.r1()).clientId(idB).cleanSession(false).connect();
        b.subscribed(w.d1().topic("events"));

        List<String> offline = new ArrayList<>();
        TestMqttClient d1 = mqtt.connect(w.d1());
        for (int i = 0; i < OFFLINE; i++) {
            String payload = "offline-" + i + "-" + unique("m");
            d1.publish(w.d1().topic("events"), payload);
            offline.add(payload);
        }
        b.expectExactly(offline.toArray(String[]::new));

        BusyPublisher busy = new BusyPublisher(server.tcpUri(), w);
        busy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (busy.acknowledged.size() < 20 && System.nanoTime() < deadline) {
            Paho.pause(10);
        }
        assertThat(busy.acknowledged).as("D2 is publishing").hasSizeGreaterThanOrEqualTo(20);

        long begin = System.nanoTime();
        int exitCode = server.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        busy.join();
        System.out.println("GRACEFUL SIGTERM → exit " + exitCode + " in " + took.toMillis() + " ms; D2 had "
                + busy.acknowledged.size() + " acknowledged");

        assertThat(exitCode).as("exit code after SIGTERM (137: it had to be killed after 20 s)").isZero();
        assertThat(took).as("SIGTERM to exit").isLessThan(SHUTDOWN_BOUND);
        b.awaitConnectionLost(Duration.ofSeconds(1)); // the server closed it (the process is gone anyway)
        mqtt.closeAll();

        server.startAgain();
        Mqtt again = server.mqtt();
        TestMqttClient resumedA = again.byCertificate(w.r1()).clientId(idA).cleanSession(false).connect();
        assertThat(resumedA.sessionPresent()).as("A: session-present after the restart").isTrue();
        List<String> expected = new ArrayList<>(offline);
        expected.addAll(busy.acknowledged);
        awaitAll(resumedA, expected);
        List<String> d1Order = resumedA.received().stream()
                .filter(m -> m.topic().equals(w.d1().topic("events"))).map(Message::text).distinct().toList();
        assertThat(d1Order).as("A: D1's queued messages, in order").containsExactlyElementsOf(offline);

        TestMqttClient resumedB = again.byPassword(w.r1()).clientId(idB).cleanSession(false).connect();
        assertThat(resumedB.sessionPresent()).as("B: session-present after the restart").isTrue();
        String after = unique("after-restart");
        again.connect(w.d1()).publish(w.d1().topic("events"), after);
        resumedA.awaitPayload(after);
        resumedB.awaitPayload(after);
    }

    /** Waits (10 s) until {@code client} has received every payload of {@code expected}; fails with the missing ones. */
    private static void awaitAll(TestMqttClient client, List<String> expected) {
        long deadline = System.nanoTime() + TestMqttClient.WAIT.toNanos();
        List<String> missing = expected;
        while (System.nanoTime() < deadline) {
            Set<String> got = ConcurrentHashMap.newKeySet();
            client.received().forEach(m -> got.add(m.text()));
            missing = expected.stream().filter(p -> !got.contains(p)).toList();
            if (missing.isEmpty()) {
                return;
            }
            Paho.pause(50);
        }
        assertThat(missing).as("messages queued or acknowledged before SIGTERM that %s did not get after the restart "
                + "(of %s expected)", client, expected.size()).isEmpty();
    }

    /** D2 publishing numbered QoS 1 messages one at a time until its connection ends; records the acknowledged. */
    static final class BusyPublisher {
        final List<String> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread thread;
        private final AtomicBoolean done = new AtomicBoolean();

        BusyPublisher(String uri, World w) {
            String prefix = unique("busy");
            thread = new Thread(() -> {
                MqttAsyncClient client = Paho.client(uri, unique("busy"));
                try {
                    client.connect(Paho.options(w.d2(), true)).waitForCompletion(Paho.WAIT.toMillis());
                    for (int n = 0; n < 1_000_000; n++) {
                        String payload = prefix + "-" + n;
                        client.publish(w.d2().topic("events"), payload.getBytes(StandardCharsets.UTF_8), 1, false)
                                .waitForCompletion(Paho.WAIT.toMillis());
                        acknowledged.add(payload);
                    }
                } catch (MqttException serverGone) {
                    // the shutdown closed the connection
                } finally {
                    Paho.close(client, false);
                    done.set(true);
                }
            }, "busy-publisher");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void join() throws InterruptedException {
            thread.join(Paho.WAIT.toMillis() * 2);
            assertThat(done).as("the busy publisher ended with the server").isTrue();
        }
    }
}

package iotcore.server.durability;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.server.mqtt.FailureLog;
import iotcore.server.mqtt.Identity;
import iotcore.server.mqtt.Mqtt;
import iotcore.server.mqtt.World;
import iotcore.testkit.mqtt.RawMqttConnection;
import iotcore.testkit.mqtt.RawMqttConnection.Packet;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-message state of persistent sessions through SIGKILL (issue 4, docs/durability.md "Store"):
 * QoS 2 receive state (packet ids between PUBREC and PUBREL) and the DUP flag of resent messages.
 * <p>
 * Server: the standard arguments plus {@code --mqtt-port 0} ({@link DurableServer}). Each test creates
 * its world (R1 {D1, D2}) and restarts the server cleanly (SIGTERM) before the scenario, so that the
 * registries and devices are in the database (H2) before the first SIGKILL. Clients use plain TCP
 * with passwords: Paho ({@link TestMqttClient}) and, for the QoS 2 steps Paho does on its own, raw
 * packets ({@link RawMqttConnection}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeliveryStateCrashIT {

    /** The broker's window of unacknowledged QoS 1 messages per session ({@code Session.INFLIGHT_WINDOW}). */
    static final int WINDOW = 128;
    static final int MESSAGES = WINDOW + 8;

    @TempDir
    Path dataDir;

    private DurableServer server;
    private World w;

    @RegisterExtension
    final FailureLog.OnFailure serverLogOnFailure = new FailureLog.OnFailure(
            () -> server == null ? null : server.process());

    @BeforeEach
    void startWithAWorld() {
        server = DurableServer.start(dataDir);
        w = server.api().newWorld();
        server.stop();
        server.startAgain();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.mqtt().closeAll();
            server.close();
        }
    }

    /**
     * D1 (cleanSession=0, raw packets) publishes A with packet id 7 and B with id 8 at QoS 2 and gets
     * PUBREC for both; R1's persistent session, offline, queues them. SIGKILL, restart. D1 reconnects
     * (session-present=1), resends A with DUP=1 and id 7: PUBREC, and A is not routed again; PUBREL 7
     * and PUBREL 8 get PUBCOMP. R1 then gets A and B exactly once. Id 7 is free again afterwards: a new
     * message C with id 7 is routed.
     */
    @Test
    void qos2StateSurvivesSigkillSoAResendIsNotRoutedTwiceAndPubrelIsCompleted() {
        String subscriberId = unique("qos2-sub");
        String publisherId = unique("qos2-pub");
        String topic = w.d1().topic("events");
        String a = unique("a");
        String b = unique("b");
        String c = unique("c");
        server.mqtt().byPassword(w.r1()).clientId(subscriberId).cleanSession(false).connect().subscribed(topic).disconnect();

        try (RawMqttConnection d1 = connect(publisherId, false)) {
            assertAck(d1.send(RawMqttConnection.publish(topic, 2, 7, false, bytes(a))), Packet.PUBREC, 7);
            assertAck(d1.send(RawMqttConnection.publish(topic, 2, 8, false, bytes(b))), Packet.PUBREC, 8);
        }
        assertThat(server.kill()).as("SIGKILL").isEqualTo(137);
        server.startAgain();

        try (RawMqttConnection d1 = connect(publisherId, true)) {
            assertAck(d1.send(RawMqttConnection.publish(topic, 2, 7, true, bytes(a))), Packet.PUBREC, 7);
            assertAck(d1.send(RawMqttConnection.pubrel(7)), Packet.PUBCOMP, 7);
            assertAck(d1.send(RawMqttConnection.pubrel(8)), Packet.PUBCOMP, 8);

            TestMqttClient r1 = server.mqtt().byPassword(w.r1()).clientId(subscriberId).cleanSession(false).connect();
            assertThat(r1.sessionPresent()).as("R1: session-present after the restart").isTrue();
            r1.expectExactly(a, b);

            r1.clear();
            assertAck(d1.send(RawMqttConnection.publish(topic, 2, 7, false, bytes(c))), Packet.PUBREC, 7);
            assertAck(d1.send(RawMqttConnection.pubrel(7)), Packet.PUBCOMP, 7);
            r1.expectExactly(c);
        }
    }

    /**
     * Two persistent sessions of R1 that acknowledge nothing. "at once": connected while D1 publishes
     * {@value #MESSAGES} numbered QoS 1 messages one after the other, so each of the first {@value #WINDOW}
     * is sent as it arrives and the rest wait behind the full window. "from the queue": offline while D1
     * publishes, then connected, so the first {@value #WINDOW} are sent from its queue. SIGKILL once both
     * have received {@value #WINDOW}; restart. Both reconnect and get all messages again, in order: the
     * {@value #WINDOW} they had received with DUP=1, the others with DUP=0 (they had never been sent).
     */
    @Test
    void messagesSentBeforeSigkillComeBackWithDup() {
        String topic = w.d1().topic("events");
        String atOnceId = unique("dup-at-once");
        String fromQueueId = unique("dup-queue");
        Mqtt mqtt = server.mqtt();
        mqtt.byPassword(w.r1()).clientId(fromQueueId).cleanSession(false).connect().subscribed(topic).disconnect();
        TestMqttClient atOnce = mqtt.byPassword(w.r1()).clientId(atOnceId).cleanSession(false).manualAcks(true).connect()
                .subscribed(topic);

        List<String> sent = new ArrayList<>();
        TestMqttClient d1 = mqtt.connect(w.d1());
        for (int i = 0; i < MESSAGES; i++) {
            String payload = unique("m" + i);
            d1.publish(topic, payload); // QoS 1: returns on PUBACK, so the message is durable
            sent.add(payload);
        }
        awaitCount(atOnce, WINDOW);
        TestMqttClient fromQueue = mqtt.byPassword(w.r1()).clientId(fromQueueId).cleanSession(false).manualAcks(true)
                .connect();
        awaitCount(fromQueue, WINDOW);
        assertThat(atOnce.received()).extracting(Message::duplicate).containsOnly(false);
        assertThat(fromQueue.received()).extracting(Message::duplicate).containsOnly(false);

        assertThat(server.kill()).as("SIGKILL").isEqualTo(137);
        mqtt.closeAll();
        server.startAgain();

        assertResentWithDup(atOnceId, sent);
        assertResentWithDup(fromQueueId, sent);
    }

    /** {@code clientId} reconnects and gets every message of {@code sent} in order, DUP=1 on the first {@value #WINDOW} only. */
    private void assertResentWithDup(String clientId, List<String> sent) {
        TestMqttClient again = server.mqtt().byPassword(w.r1()).clientId(clientId).cleanSession(false).connect();
        assertThat(again.sessionPresent()).as("%s: session-present after the restart", clientId).isTrue();
        List<Message> received = again.expectExactly(sent.toArray(String[]::new));
        assertThat(received).extracting(Message::text).as("%s: in order", clientId).containsExactlyElementsOf(sent);
        assertThat(received.subList(0, WINDOW)).extracting(Message::duplicate)
                .as("%s: the messages sent before the kill, DUP=1", clientId).containsOnly(true);
        assertThat(received.subList(WINDOW, sent.size())).extracting(Message::duplicate)
                .as("%s: the messages never sent, DUP=0", clientId).containsOnly(false);
    }

    /** D1 over raw plain TCP with its password; asserts the CONNACK (accepted, session-present as given). */
    private RawMqttConnection connect(String clientId, boolean sessionPresent) {
        Identity d1 = w.d1();
        RawMqttConnection raw = RawMqttConnection.plain(server.mqtt().plainPort());
        raw.send(RawMqttConnection.connect(clientId, false, 60, d1.id(), d1.password()));
        Packet connack = raw.read(TestMqttClient.WAIT);
        assertThat(connack).as("CONNACK").isNotNull();
        assertThat(connack.type()).as("CONNACK: %s", connack).isEqualTo(Packet.CONNACK);
        assertThat(connack.body()).as("CONNACK session-present=%s, accepted", sessionPresent)
                .containsExactly(sessionPresent ? 1 : 0, 0);
        return raw;
    }

    private static void assertAck(RawMqttConnection raw, int type, int packetId) {
        Packet ack = raw.read(TestMqttClient.WAIT);
        assertThat(ack).as("packet of type %s for id %s", type, packetId).isNotNull();
        assertThat(ack.type()).as("type of %s", ack).isEqualTo(type);
        assertThat(ack.packetId()).as("packet id of %s", ack).isEqualTo(packetId);
    }

    private static void awaitCount(TestMqttClient client, int count) {
        long deadline = System.nanoTime() + TestMqttClient.WAIT.toNanos();
        while (client.received().size() < count && System.nanoTime() < deadline) {
            Paho.pause(20);
        }
        assertThat(client.received()).as("%s received the first %s (the window)", client, count).hasSize(count);
        Paho.pause(TestMqttClient.QUIET.toMillis());
        assertThat(client.received()).as("%s: no more than the window without PUBACKs", client).hasSize(count);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

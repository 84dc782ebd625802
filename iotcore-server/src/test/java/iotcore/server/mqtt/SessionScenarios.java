package iotcore.server.mqtt;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.testkit.mqtt.RawMqttConnection;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sessions and QoS as decisions §3–§5 and docs/mqtt.md "Sessions" settle them: scenario 44 (QoS 2),
 * 46 (persistent sessions resume, decisions §4), take-over, Last Will, keep-alive.
 */
interface SessionScenarios extends MqttFixture {

    @Test
    default void qos2SubscriptionIsGrantedQos1() { // §8.44
        World w = world();
        TestMqttClient device = mqtt().connect(w.d1());
        assertThat(device.subscribe(2, w.d1().topic("commands"))).containsExactly(1);

        String command = unique("command");
        mqtt().connect(w.r1()).publish(w.d1().topic("commands"), command, 2); // PUBREC/PUBREL/PUBCOMP

        assertThat(device.expectExactly(command)).extracting(Message::qos).containsExactly(1);
    }

    @Test
    default void qos2PublishCompletesTheHandshakeAndIsRoutedAsQos1() { // §8.44 as decisions §5
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));
        TestMqttClient device = mqtt().connect(w.d1());

        String payload = unique("qos2");
        device.publish(w.d1().topic("events"), payload, 2); // waits for PUBCOMP

        device.assertConnected();
        assertThat(registry.expectExactly(payload)).extracting(Message::qos).containsExactly(1);
    }

    @Test
    default void deliveryQosIsTheLowerOfPublishAndGrantedQos() { // §2.3, decisions §5
        World w = world();
        TestMqttClient atMostOnce = mqtt().connect(w.r1());
        assertThat(atMostOnce.subscribe(0, w.d1().topic("events"))).containsExactly(0);
        TestMqttClient atLeastOnce = mqtt().byPassword(w.r1()).connect();
        assertThat(atLeastOnce.subscribe(1, w.d1().topic("events"))).containsExactly(1);
        TestMqttClient device = mqtt().connect(w.d1());

        String q0 = unique("q0");
        String q1 = unique("q1");
        String q2 = unique("q2");
        device.publish(w.d1().topic("events"), q0, 0);
        device.publish(w.d1().topic("events"), q1, 1);
        device.publish(w.d1().topic("events"), q2, 2);

        assertThat(atMostOnce.expectExactly(q0, q1, q2)).extracting(Message::qos).containsOnly(0);
        List<Message> received = atLeastOnce.expectExactly(q0, q1, q2);
        assertThat(received).filteredOn(m -> m.text().equals(q0)).extracting(Message::qos).containsExactly(0);
        assertThat(received).filteredOn(m -> m.text().equals(q1)).extracting(Message::qos).containsExactly(1);
        assertThat(received).filteredOn(m -> m.text().equals(q2)).extracting(Message::qos).containsExactly(1);
    }

    @Test
    default void persistentSessionResumesWithSessionPresentAndItsSubscription() { // §8.46 as decisions §4
        World w = world();
        String clientId = unique("persist");
        TestMqttClient initial = mqtt().byCertificate(w.d1()).clientId(clientId).cleanSession(false).connect();
        assertThat(initial.sessionPresent()).as("no stored session yet").isFalse();
        initial.subscribed(w.d1().topic("commands"));
        initial.disconnect();

        TestMqttClient resumed = mqtt().byCertificate(w.d1()).clientId(clientId).cleanSession(false).connect();

        assertThat(resumed.sessionPresent()).as("CONNACK session-present").isTrue();
        String command = unique("command");
        mqtt().connect(w.r1()).publish(w.d1().topic("commands"), command);
        resumed.expectExactly(command);
    }

    @Test
    default void qos1MessagesForADisconnectedPersistentSessionAreDeliveredOnResume() { // decisions §4
        World w = world();
        String clientId = unique("persist");
        TestMqttClient initial = mqtt().byPassword(w.d1()).clientId(clientId).cleanSession(false).connect();
        initial.subscribed(w.d1().topic("commands"));
        initial.disconnect();
        TestMqttClient registry = mqtt().connect(w.r1());
        String o1 = unique("offline-1");
        String o2 = unique("offline-2");
        registry.publish(w.d1().topic("commands"), o1);
        registry.publish(w.d1().topic("commands"), o2);

        TestMqttClient resumed = mqtt().byPassword(w.d1()).clientId(clientId).cleanSession(false).connect();

        assertThat(resumed.sessionPresent()).isTrue();
        List<Message> received = resumed.expectExactly(o1, o2);
        assertThat(received).extracting(Message::text).containsExactly(o1, o2);
        assertThat(received).extracting(Message::qos).containsOnly(1);
    }

    @Test
    default void cleanSessionDiscardsTheStoredSession() { // [MQTT-3.1.2-6]
        World w = world();
        String clientId = unique("persist");
        TestMqttClient initial = mqtt().byCertificate(w.d1()).clientId(clientId).cleanSession(false).connect();
        initial.subscribed(w.d1().topic("commands"));
        initial.disconnect();
        TestMqttClient clean = mqtt().byCertificate(w.d1()).clientId(clientId).cleanSession(true).connect();
        assertThat(clean.sessionPresent()).isFalse();
        clean.disconnect();

        TestMqttClient again = mqtt().byCertificate(w.d1()).clientId(clientId).cleanSession(false).connect();

        assertThat(again.sessionPresent()).as("the clean connection discarded it").isFalse();
        again.subscribed(w.d1().topic("config/sentinel"));
        TestMqttClient registry = mqtt().connect(w.r1());
        registry.publish(w.d1().topic("commands"), unique("no-subscription-any-more"));
        String sentinel = unique("sentinel");
        registry.publish(w.d1().topic("config/sentinel"), sentinel);
        again.expectExactly(sentinel);
    }

    @Test
    default void unacknowledgedQos1MessageIsResentWithDupAfterReconnect() { // docs/mqtt.md "Sessions"
        World w = world();
        String clientId = unique("persist");
        TestMqttClient forgetful = mqtt().byCertificate(w.d1()).clientId(clientId).cleanSession(false)
                .manualAcks(true).connect();
        forgetful.subscribed(w.d1().topic("commands"));
        String command = unique("command");
        mqtt().connect(w.r1()).publish(w.d1().topic("commands"), command);
        Message first = forgetful.awaitPayload(command);
        assertThat(first.duplicate()).isFalse();
        forgetful.drop(); // no PUBACK was sent

        TestMqttClient resumed = mqtt().byCertificate(w.d1()).clientId(clientId).cleanSession(false).connect();

        assertThat(resumed.sessionPresent()).isTrue();
        Message again = resumed.awaitPayload(command);
        assertThat(again.duplicate()).as("resent with DUP=1: %s", again).isTrue();
        assertThat(again.qos()).isEqualTo(1);
        assertThat(again.topic()).isEqualTo(w.d1().topic("commands"));
    }

    @Test
    default void sameIdentityAndClientIdTakesOverButOtherIdentitiesMayShareTheClientId() { // decisions §3
        World w = world();
        String clientId = unique("shared-id");
        TestMqttClient old = mqtt().byCertificate(w.d1()).clientId(clientId).connect();
        TestMqttClient otherDevice = mqtt().byCertificate(w.d2()).clientId(clientId).connect();
        old.publish(w.d1().topic("events"), unique("still-here")); // round trip after D2's CONNECT
        old.assertConnected();

        TestMqttClient fresh = mqtt().byPassword(w.d1()).clientId(clientId).connect(); // D1 again, by password

        old.awaitConnectionLost();
        fresh.subscribed(w.d1().topic("commands"));
        String command = unique("command");
        mqtt().connect(w.r1()).publish(w.d1().topic("commands"), command);
        fresh.expectExactly(command);
        otherDevice.publish(w.d2().topic("events"), unique("d2-unaffected"));
        otherDevice.assertConnected();
    }

    @Test
    default void lastWillIsPublishedWhenTheConnectionIsLostButNotOnDisconnect() { // docs/mqtt.md "Last Will"
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));

        String gone = unique("gone");
        mqtt().byCertificate(w.d1()).will(w.d1().topic("events"), gone, 1).connect().drop();
        Message will = registry.awaitPayload(gone);
        assertThat(will.topic()).isEqualTo(w.d1().topic("events"));

        mqtt().byCertificate(w.d1()).will(w.d1().topic("events"), unique("polite"), 1).connect().disconnect();
        String sentinel = unique("sentinel");
        mqtt().connect(w.d1()).publish(w.d1().topic("events"), sentinel);
        registry.expectExactly(gone, sentinel);
    }

    @Test
    default void forbiddenWillIsDropped() { // docs/mqtt.md: the same publish permission check
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d2().topic("events"));

        mqtt().byCertificate(w.d1()).will(w.d2().topic("events"), unique("forged-will"), 1).connect().drop();

        String sentinel = unique("sentinel");
        TestMqttClient d2 = mqtt().connect(w.d2());
        d2.publish(w.d2().topic("events"), sentinel);
        registry.expectExactly(sentinel);
    }

    @Test
    default void silentConnectionIsClosedAfterOneAndAHalfKeepAlives() { // §2.3, docs/mqtt.md "Keep-alive"
        World w = world();
        try (RawMqttConnection raw = RawMqttConnection.tls(mqtt().tls().build(), "127.0.0.1", mqtt().mqttsPort())) {
            raw.send(RawMqttConnection.connect(unique("silent"), true, 1, w.d1().id(), w.d1().password()));
            assertThat(raw.readConnackCode()).isZero();
            long start = System.nanoTime();

            raw.awaitClosed(Duration.ofSeconds(6));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed after about 1.5 × 1 s, not at once")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        }
    }

    @Test
    default void pingingConnectionStaysOpenPastItsKeepAlive() { // [MQTT-3.1.2-24]
        World w = world();
        try (RawMqttConnection raw = RawMqttConnection.tls(mqtt().tls().build(), "127.0.0.1", mqtt().mqttsPort())) {
            raw.send(RawMqttConnection.connect(unique("pinging"), true, 1, w.d1().id(), w.d1().password()));
            assertThat(raw.readConnackCode()).isZero();
            for (int i = 0; i < 6; i++) {
                raw.send(RawMqttConnection.pingreq());
                RawMqttConnection.Packet pong = raw.read(Duration.ofSeconds(5));
                assertThat(pong).as("PINGRESP %s", i).isNotNull();
                assertThat(pong.type()).as("PINGRESP").isEqualTo(13);
                pause(Duration.ofMillis(500));
            }
        }
    }

    @Test
    default void payloadsOverTheLimitCloseTheConnectionAndTheLimitItselfPasses() { // docs/mqtt.md, decisions §7
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));
        TestMqttClient device = mqtt().connect(w.d1());

        byte[] atLimit = filled(262144, 'a');
        device.publish(w.d1().topic("events"), atLimit, 1, false);
        Message big = registry.awaitMessage(m -> m.payload().length == 262144, "of 262144 bytes");
        assertThat(big.payload()).isEqualTo(atLimit);
        registry.clear();

        device.publishExpectingDisconnect(w.d1().topic("events"), filled(262145, 'b'));

        api().awaitLogEntry(w.d1(), m -> m.startsWith("disconnected: ") && !m.equals("disconnected: client disconnected")
                && !m.equals("disconnected: connection lost"), "'disconnected: <reason>' for the oversized payload");
        String sentinel = unique("sentinel");
        mqtt().connect(w.d1()).publish(w.d1().topic("events"), sentinel);
        registry.expectExactly(sentinel);
    }

    @Test
    default void topicsAndFiltersLongerThan1024CharactersAreInvalid() { // docs/mqtt.md --max-topic-length, §2.4
        World w = world();
        String prefix = w.d1().topic("events/");
        String topic1024 = prefix + "t".repeat(1024 - prefix.length());
        String topic1025 = topic1024 + "t";
        TestMqttClient registry = mqtt().connect(w.r1());
        assertThat(registry.subscribe(1, topic1024, topic1025)).containsExactly(1, TestMqttClient.SUBSCRIBE_FAILED);
        TestMqttClient device = mqtt().connect(w.d1());

        String payload = unique("long-topic");
        device.publish(topic1024, payload);
        assertThat(registry.expectExactly(payload)).extracting(Message::topic).containsExactly(topic1024);

        device.publishExpectingDisconnect(topic1025, unique("too-long"));
        registry.assertConnected();
    }

    @Test
    default void limitsAreConfigurable() { // docs/mqtt.md --max-message-bytes, --max-topic-length
        withExtraServer(new String[] {"--max-message-bytes", "1000", "--max-topic-length", "100"}, extra -> {
            World w = extra.api().newWorld();
            TestMqttClient registry = extra.mqtt().connect(w.r1()).subscribed(w.d1().topic("events/#"));
            TestMqttClient device = extra.mqtt().connect(w.d1());

            device.publish(w.d1().topic("events"), filled(1000, 'a'), 1, false);
            registry.awaitMessage(m -> m.payload().length == 1000, "of 1000 bytes");
            String prefix = w.d1().topic("events/");
            device.publish(prefix + "t".repeat(100 - prefix.length()), "fits", 1);
            registry.awaitPayload("fits");

            device.publishExpectingDisconnect(w.d1().topic("events"), filled(1001, 'b'));
            TestMqttClient again = extra.mqtt().connect(w.d1());
            again.publishExpectingDisconnect(prefix + "t".repeat(101 - prefix.length()), "too long");
        });
    }

    @Test
    default void protocolViolationsCloseOnlyTheOffendingConnection() { // docs/mqtt.md "Protocol violations"
        World w = world();
        TestMqttClient bystander = mqtt().connect(w.d2()).subscribed(w.d2().topic("commands"));
        byte[] connect = RawMqttConnection.connect(unique("raw"), true, 30, w.d1().id(), w.d1().password());

        try (RawMqttConnection secondConnect = rawTls()) {
            secondConnect.send(connect);
            assertThat(secondConnect.readConnackCode()).isZero();
            secondConnect.send(RawMqttConnection.connect(unique("again"), true, 30, w.d1().id(), w.d1().password()));
            secondConnect.awaitClosed(TestMqttClient.WAIT);
        }
        try (RawMqttConnection wildcardPublish = rawTls()) {
            wildcardPublish.send(connect);
            assertThat(wildcardPublish.readConnackCode()).isZero();
            wildcardPublish.send(RawMqttConnection.publishQos0(w.d1().topic("events/#"), new byte[] {1}));
            wildcardPublish.awaitClosed(TestMqttClient.WAIT);
        }
        try (RawMqttConnection pingFirst = rawTls()) {
            pingFirst.send(RawMqttConnection.pingreq());
            RawMqttConnection.Packet answer = pingFirst.read(TestMqttClient.WAIT);
            assertThat(answer).as("nothing but a close before CONNECT").isNull();
        }
        try (RawMqttConnection badUtf8 = rawTls()) {
            badUtf8.send(connect);
            assertThat(badUtf8.readConnackCode()).isZero();
            byte[] topic = w.d1().topic("events/").getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[2 + topic.length + 2 + 1];
            body[0] = (byte) ((topic.length + 2) >> 8);
            body[1] = (byte) (topic.length + 2);
            System.arraycopy(topic, 0, body, 2, topic.length);
            body[2 + topic.length] = (byte) 0xc3; // a lead byte followed by no continuation byte
            body[3 + topic.length] = (byte) 0x28;
            body[4 + topic.length] = 1;
            badUtf8.send(RawMqttConnection.packet(0x30, body));
            badUtf8.awaitClosed(TestMqttClient.WAIT);
        }
        try (RawMqttConnection garbage = rawTls()) {
            garbage.send(new byte[] {(byte) 0xf0, 0x03, 1, 2, 3}); // reserved packet type 15
            garbage.awaitClosed(TestMqttClient.WAIT);
        }

        String command = unique("bystander-unaffected");
        mqtt().connect(w.r1()).publish(w.d2().topic("commands"), command);
        bystander.expectExactly(command);
    }

    private RawMqttConnection rawTls() {
        return RawMqttConnection.tls(mqtt().tls().build(), "127.0.0.1", mqtt().mqttsPort());
    }

    private static byte[] filled(int size, char c) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

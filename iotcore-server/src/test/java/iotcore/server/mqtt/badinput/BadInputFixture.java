package iotcore.server.mqtt.badinput;

import static iotcore.server.mqtt.badinput.RawMqttConnection.hex;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.testkit.ServerProcess;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * What the scenario interfaces need from the test class (one server, R and D registered), and
 * the expectations they share: a bad connection is closed by the server within {@link #CLOSE_WITHIN},
 * the server process is still alive, and the server log has a close event line for it
 * ({@link ServerLogWatch#CLOSE_EVENT}).
 */
interface BadInputFixture {

    Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    Duration LOG_WITHIN = Duration.ofSeconds(5);
    /** Random streams stop here: far beyond any packet the server may wait for (payload limit 256 KiB). */
    int RANDOM_BYTES = 1024 * 1024;
    /** docs/mqtt.md {@code --max-message-bytes} default. */
    int MAX_PAYLOAD = 262_144;
    /** docs/mqtt.md {@code --max-topic-length} default. */
    int MAX_TOPIC = 1024;

    ServerProcess server();

    TestIdentities ids();

    ServerLogWatch log();

    /** Trusts {@code <data-dir>/tls/ca.crt}. */
    SSLContext tls();

    default RawMqttConnection open() {
        return RawMqttConnection.open(server().port("mqtt"));
    }

    /** A raw connection on which D's CONNECT has been accepted (CONNACK 0). */
    default RawMqttConnection connectedAsDevice(String clientId) {
        RawMqttConnection connection = open();
        try {
            return connection.connectAs(clientId, ids().deviceId(), ids().devicePassword());
        } catch (RuntimeException | AssertionError e) {
            connection.close();
            throw e;
        }
    }

    /** Closed by the server, server alive, a log line naming the connection; returns what was received. */
    default byte[] closedWithLogLine(RawMqttConnection bad) {
        byte[] received = bad.awaitClosedByServer(CLOSE_WITHIN);
        assertServerAlive();
        log().awaitCloseEventFor(bad.address(), LOG_WITHIN);
        return received;
    }

    /** As {@link #closedWithLogLine}, with nothing at all answered before the close. */
    default void closedSilently(RawMqttConnection bad) {
        byte[] received = closedWithLogLine(bad);
        assertThat(received).as("nothing may be answered before the close, got %s", hex(received)).isEmpty();
    }

    /** PUBACK for {@code packetId}, then PINGREQ answered, then DISCONNECT closes cleanly. */
    default void assertStillServed(RawMqttConnection good, int packetId) {
        assertThat(good.read(4, CLOSE_WITHIN)).as("PUBACK").isEqualTo(MqttPackets.puback(packetId));
        good.send(MqttPackets.PINGREQ);
        assertThat(good.read(2, CLOSE_WITHIN)).as("PINGRESP").isEqualTo(MqttPackets.PINGRESP);
        good.send(MqttPackets.DISCONNECT);
        assertThat(good.awaitClosedByServer(CLOSE_WITHIN)).as("nothing after DISCONNECT").isEmpty();
        assertServerAlive();
    }

    /** A WebSocket to {@code /mqtt} that negotiated subprotocol {@code mqtt}. */
    default WssMqttConnection openWss() {
        WssMqttConnection connection = WssMqttConnection.open(wssUri("/mqtt"), tls());
        try {
            assertThat(connection.subprotocol()).as("negotiated subprotocol").isEqualTo("mqtt");
            return connection;
        } catch (AssertionError e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Closed by the server, server alive, and a new close event line in the log (the JDK client
     * does not tell its local port, so lines are counted: tests run one at a time).
     */
    default void wssClosedWithLogLine(WssMqttConnection bad, long closeEventsBefore) {
        bad.awaitClosedByServer(CLOSE_WITHIN);
        assertServerAlive();
        log().awaitCloseEventsAfter(closeEventsBefore, LOG_WITHIN);
    }

    default URI wssUri(String path) {
        return URI.create("wss://127.0.0.1:" + server().port("wss") + path);
    }

    default void assertServerAlive() {
        assertThat(server().isAlive()).as("server process alive").isTrue();
    }

    /** {@code $devices/<D>/events/xxx…} of exactly {@code length} characters. */
    default String topicOfLength(int length) {
        String prefix = ids().deviceEvents() + "/";
        return prefix + "x".repeat(length - prefix.length());
    }

    /** A payload the well-behaved watcher recognises if it is ever routed. */
    static byte[] badPayload(int length) {
        return MqttPackets.payload(WellBehavedClients.BAD_MARK, length);
    }
}

package iotcore.server.mqtt.badinput;

import static iotcore.server.mqtt.badinput.BadInputFixture.badPayload;
import static iotcore.server.mqtt.badinput.MqttPackets.USER_PASSWORD_CLEAN;
import static iotcore.server.mqtt.badinput.MqttPackets.connack;
import static iotcore.server.mqtt.badinput.MqttPackets.connect;
import static iotcore.server.mqtt.badinput.MqttPackets.packet;
import static iotcore.server.mqtt.badinput.MqttPackets.publish;
import static iotcore.server.mqtt.badinput.MqttPackets.u16;
import static iotcore.server.mqtt.badinput.MqttPackets.utf8;
import static iotcore.server.mqtt.badinput.RawMqttConnection.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plain TCP, before any accepted CONNECT: garbage, packets other than CONNECT first, and
 * malformed or refused CONNECTs. Credentials, where a CONNECT carries them, are D's valid ones, so
 * only the flaw under test can be the reason for a refusal.
 */
interface BeforeConnectScenarios extends BadInputFixture {

    /** Streams up to 1 MiB: whatever the first bytes declare, a violation shows within it. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 1234, 99_991})
    default void randomBytesCloseTheConnection(long seed) {
        try (RawMqttConnection bad = open()) {
            bad.sendRandom(seed, RANDOM_BYTES);
            closedWithLogLine(bad);
        }
    }

    @Test
    default void httpRequestOnTheMqttPortIsClosedWithoutAnswer() {
        try (RawMqttConnection bad = open()) {
            bad.send("GET /mqtt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            closedSilently(bad);
        }
    }

    /** [MQTT-3.1.0-1]: the first packet is CONNECT; nothing else is processed before it. */
    @Test
    default void publishBeforeConnectIsClosedWithoutPuback() {
        try (RawMqttConnection bad = open()) {
            bad.send(publish(1, ids().deviceEvents(), 1, badPayload(8)));
            closedSilently(bad);
        }
    }

    @Test
    default void subscribeBeforeConnectIsClosedWithoutSuback() {
        try (RawMqttConnection bad = open()) {
            bad.send(MqttPackets.subscribe(1, ids().deviceEvents(), 1));
            closedSilently(bad);
        }
    }

    @Test
    default void pingBeforeConnectIsClosedWithoutPingresp() {
        try (RawMqttConnection bad = open()) {
            bad.send(MqttPackets.PINGREQ);
            closedSilently(bad);
        }
    }

    /** [MQTT-3.1.2-1]: the server may close at once or refuse with CONNACK 1; it never accepts. */
    @Test
    default void connectWithWrongProtocolNameIsClosed() {
        try (RawMqttConnection bad = open()) {
            bad.send(connect("MQTX", 4, USER_PASSWORD_CLEAN, "bad-protocol-name", ids().deviceId(),
                    ids().devicePassword()));
            byte[] received = closedWithLogLine(bad);
            assertThat(received.length == 0 || Arrays.equals(received, connack(1)))
                    .as("nothing or CONNACK 1 before the close, got %s", hex(received)).isTrue();
        }
    }

    /** docs/mqtt.md: protocol level other than 4 → CONNACK 1, close ([MQTT-3.1.2-2]). MQIsdp is MQTT 3.1. */
    @ParameterizedTest(name = "protocol name {0}")
    @ValueSource(strings = {"MQIsdp", "MQTT"})
    default void connectWithProtocolLevel3IsRefusedWithReturnCode1(String protocolName) {
        try (RawMqttConnection bad = open()) {
            bad.send(connect(protocolName, 3, USER_PASSWORD_CLEAN, "bad-level-3", ids().deviceId(),
                    ids().devicePassword()));
            byte[] received = closedWithLogLine(bad);
            assertThat(received).as("CONNACK 1 then close, got %s", hex(received)).isEqualTo(connack(1));
        }
    }

    @Test
    default void connectWithProtocolLevel5IsRefusedWithReturnCode1() {
        try (RawMqttConnection bad = open()) {
            bad.send(MqttPackets.connectV5("bad-level-5", ids().deviceId(), ids().devicePassword()));
            byte[] received = closedWithLogLine(bad);
            assertThat(received).as("CONNACK 1 (3.1.1 form) then close, got %s", hex(received))
                    .isEqualTo(connack(1));
        }
    }

    /** [MQTT-3.1.2-3], [MQTT-3.1.4-1]: reserved connect flag set → close without CONNACK. */
    @Test
    default void connectWithReservedFlagIsClosedWithoutConnack() {
        try (RawMqttConnection bad = open()) {
            bad.send(connect("MQTT", 4, USER_PASSWORD_CLEAN | 0x01, "bad-reserved-flag", ids().deviceId(),
                    ids().devicePassword()));
            closedSilently(bad);
        }
    }

    /** A complete frame whose password field claims more bytes than the frame holds. */
    @Test
    default void truncatedConnectIsClosedWithoutConnack() {
        byte[] password = utf8(ids().devicePassword());
        try (RawMqttConnection bad = open()) {
            bad.send(packet(0x10, utf8("MQTT"), new byte[] {4, (byte) USER_PASSWORD_CLEAN}, u16(60),
                    utf8("bad-truncated"), utf8(ids().deviceId()), Arrays.copyOf(password, 5)));
            closedSilently(bad);
        }
    }

    /**
     * The remaining length promises 50 bytes more than sent, then the client ends its output: the
     * server closes without CONNACK. The client hung up, so no log line is required.
     */
    @Test
    default void connectShorterThanItsRemainingLengthThenEndOfStreamIsClosed() {
        byte[] body = MqttPackets.bodyOf(connect("bad-short-then-eof", ids().deviceId(), ids().devicePassword()));
        try (RawMqttConnection bad = open()) {
            bad.send(new byte[] {0x10}, MqttPackets.remainingLength(body.length + 50), body).endOutput();
            byte[] received = bad.awaitClosedByServer(CLOSE_WITHIN);
            assertThat(received).as("no CONNACK for an incomplete CONNECT, got %s", hex(received)).isEmpty();
            assertServerAlive();
        }
    }

    /** [MQTT-2.2.3]: a remaining length of five bytes is malformed. */
    @Test
    default void fiveByteRemainingLengthBeforeConnectIsClosed() {
        try (RawMqttConnection bad = open()) {
            bad.send(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 4, 'M', 'Q'});
            closedSilently(bad);
        }
    }

    /** 268435455 declared and nothing sent: the server must not wait for 256 MiB. */
    @Test
    default void hugeRemainingLengthWithoutDataBeforeConnectIsClosed() {
        try (RawMqttConnection bad = open()) {
            bad.send(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
            closedSilently(bad);
        }
    }

    /** [MQTT-1.5.3-1]: ill-formed UTF-8 closes; a refusing CONNACK (never 0) is tolerated before it. */
    @Test
    default void connectWithInvalidUtf8ClientIdIsClosed() {
        try (RawMqttConnection bad = open()) {
            bad.send(packet(0x10, utf8("MQTT"), new byte[] {4, (byte) USER_PASSWORD_CLEAN}, u16(60),
                    MqttPackets.lengthPrefixed(new byte[] {'b', (byte) 0xC3, 0x28}),
                    utf8(ids().deviceId()), utf8(ids().devicePassword())));
            byte[] received = closedWithLogLine(bad);
            assertThat(received.length == 0 || received.length == 4 && received[0] == 0x20 && received[3] != 0)
                    .as("nothing or a refusing CONNACK before the close, got %s", hex(received)).isTrue();
        }
    }
}

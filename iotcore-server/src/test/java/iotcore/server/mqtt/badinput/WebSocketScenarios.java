package iotcore.server.mqtt.badinput;

import static iotcore.server.mqtt.badinput.RawMqttConnection.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same kinds of garbage over {@code wss://127.0.0.1:<wss>/mqtt} (subprotocol {@code mqtt}):
 * each closes that WebSocket (close frame or dropped connection) within 5 s with a new close event
 * in the log. An upgrade on another path is refused.
 */
interface WebSocketScenarios extends BadInputFixture {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 11, 2024})
    default void wssRandomBytesCloseTheWebSocket(long seed) {
        long before = log().closeEvents();
        try (WssMqttConnection bad = openWss()) {
            bad.sendRandom(seed, RANDOM_BYTES);
            wssClosedWithLogLine(bad, before);
        }
    }

    /**
     * [MQTT-6.0.0-1]: MQTT travels in binary frames; a text frame closes, even one holding a
     * well-formed CONNECT (without credentials to stay ASCII: a server reading it would answer CONNACK 5).
     */
    @Test
    default void wssTextFrameClosesTheWebSocket() {
        String text = new String(MqttPackets.connectWithoutCredentials("bad-text-frame"), StandardCharsets.ISO_8859_1);
        assertThat(text.chars().allMatch(c -> c < 0x80)).as("the CONNECT is plain ASCII").isTrue();
        long before = log().closeEvents();
        try (WssMqttConnection bad = openWss()) {
            bad.sendText(text);
            wssClosedWithLogLine(bad, before);
            assertThat(bad.unread()).as("no CONNACK for a text frame, got %s", hex(bad.unread())).isEmpty();
        }
    }

    /** A PUBLISH header with a five-byte remaining length after an accepted CONNECT. */
    @Test
    default void wssMalformedPacketClosesTheWebSocket() {
        long before = log().closeEvents();
        try (WssMqttConnection bad = openWss()) {
            bad.connectAs("bad-wss-malformed", ids().deviceId(), ids().devicePassword())
                    .sendBinary(new byte[] {0x32, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});
            wssClosedWithLogLine(bad, before);
        }
    }

    @Test
    default void wssSecondConnectClosesTheWebSocket() {
        long before = log().closeEvents();
        try (WssMqttConnection bad = openWss()) {
            bad.connectAs("bad-wss-second-connect", ids().deviceId(), ids().devicePassword())
                    .sendBinary(MqttPackets.connect("bad-wss-second-connect", ids().deviceId(), ids().devicePassword()));
            wssClosedWithLogLine(bad, before);
            assertThat(bad.unread()).as("no second CONNACK, got %s", hex(bad.unread())).isEmpty();
        }
    }

    /** Refused: an HTTP 4xx answer to the upgrade, or the connection closed without one. */
    @ParameterizedTest(name = "path {0}")
    @ValueSource(strings = {"/", "/other", "/mqtt/extra"})
    default void wssUpgradeOnAnotherPathIsRefused(String path) {
        Throwable refusal = WssMqttConnection.attemptUpgrade(wssUri(path), tls());
        assertThat(refusal).as("upgrade to %s must be refused", path).isNotNull();
        if (refusal instanceof WebSocketHandshakeException handshake) {
            assertThat(handshake.getResponse().statusCode()).as("refusal status").isBetween(400, 499);
        } else {
            assertThat(refusal).as("a refusal without HTTP answer is a closed connection").isInstanceOf(IOException.class);
        }
        assertServerAlive();
    }
}

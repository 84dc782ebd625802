package iotcore.server.mqtt.badinput;

import static iotcore.server.mqtt.badinput.BadInputFixture.badPayload;
import static iotcore.server.mqtt.badinput.MqttPackets.connect;
import static iotcore.server.mqtt.badinput.MqttPackets.packet;
import static iotcore.server.mqtt.badinput.MqttPackets.payload;
import static iotcore.server.mqtt.badinput.MqttPackets.publish;
import static iotcore.server.mqtt.badinput.MqttPackets.u16;
import static iotcore.server.mqtt.badinput.MqttPackets.utf8;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plain TCP, after D's CONNECT was accepted (CONNACK 0), so each bad packet reaches the code path
 * of a connected device. Each is closed with nothing answered after the CONNACK (no second
 * CONNACK, PUBACK or SUBACK); the limits are also checked from the accepting side.
 */
interface ConnectedScenarios extends BadInputFixture {

    /** [MQTT-3.1.0-2]: a second CONNECT is a protocol violation. */
    @Test
    default void secondConnectIsClosed() {
        try (RawMqttConnection bad = connectedAsDevice("bad-second-connect")) {
            bad.send(connect("bad-second-connect", ids().deviceId(), ids().devicePassword()));
            closedSilently(bad);
        }
    }

    /** [MQTT-3.3.2-2]: a topic name holds no wildcard character. {@code %s} is D's id. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"$devices/%s/events/+", "$devices/%s/events/#", "$devices/+/events",
            "$devices/%s/events/a+b", "$devices/%s/events/a#"})
    default void publishWithWildcardInTheTopicIsClosed(String topicTemplate) {
        try (RawMqttConnection bad = connectedAsDevice("bad-wildcard-topic")) {
            bad.send(publish(1, topicTemplate.formatted(ids().deviceId()), 1, badPayload(8)));
            closedSilently(bad);
        }
    }

    /**
     * [MQTT-1.5.3-1], [MQTT-1.5.3-2]: ill-formed UTF-8 (bad continuation byte, overlong NUL, UTF-16
     * surrogate, 0xFF) or U+0000 inside an otherwise valid topic of D.
     */
    @ParameterizedTest(name = "bytes {0}")
    @ValueSource(strings = {"c328", "00", "c080", "eda080", "ff"})
    default void publishWithInvalidUtf8TopicIsClosed(String badBytes) {
        byte[] topic = MqttPackets.concat((ids().deviceEvents() + "/a").getBytes(StandardCharsets.UTF_8),
                HexFormat.of().parseHex(badBytes), new byte[] {'b'});
        try (RawMqttConnection bad = connectedAsDevice("bad-utf8-topic")) {
            bad.send(publish(1, topic, 1, badPayload(8)));
            closedSilently(bad);
        }
    }

    /** [MQTT-3.3.1-4]: both QoS bits set is malformed. */
    @Test
    default void publishWithQos3IsClosed() {
        try (RawMqttConnection bad = connectedAsDevice("bad-qos-3")) {
            bad.send(publish(3, ids().deviceEvents(), 1, badPayload(8)));
            closedSilently(bad);
        }
    }

    /** docs/mqtt.md {@code --max-message-bytes}: a larger payload closes the connection. */
    @Test
    default void publishWithPayloadOverTheLimitIsClosed() {
        try (RawMqttConnection bad = connectedAsDevice("bad-large-payload")) {
            bad.send(publish(1, ids().deviceEvents(), 1, badPayload(MAX_PAYLOAD + 1)));
            closedSilently(bad);
        }
    }

    /** The boundary: a payload of exactly the limit is acknowledged and the connection stays. */
    @Test
    default void publishWithPayloadAtTheLimitIsAcknowledged() {
        try (RawMqttConnection good = connectedAsDevice("limit-payload")) {
            good.send(publish(1, ids().deviceEvents() + "/limit", 7, payload("OK", MAX_PAYLOAD)));
            assertStillServed(good, 7);
        }
    }

    /** docs/mqtt.md {@code --max-topic-length}: a longer topic is invalid, and an invalid PUBLISH topic closes. */
    @Test
    default void publishWithTopicOverTheLimitIsClosed() {
        try (RawMqttConnection bad = connectedAsDevice("bad-long-topic")) {
            bad.send(publish(1, topicOfLength(MAX_TOPIC + 1), 1, badPayload(8)));
            closedSilently(bad);
        }
    }

    @Test
    default void publishWithTopicAtTheLimitIsAcknowledged() {
        try (RawMqttConnection good = connectedAsDevice("limit-topic")) {
            good.send(publish(1, topicOfLength(MAX_TOPIC), 9, payload("OK", 8)));
            assertStillServed(good, 9);
        }
    }

    /** [MQTT-3.8.3-3]: a SUBSCRIBE holds at least one filter. */
    @Test
    default void subscribeWithoutFiltersIsClosed() {
        try (RawMqttConnection bad = connectedAsDevice("bad-empty-subscribe")) {
            bad.send(packet(0x82, u16(1)));
            closedSilently(bad);
        }
    }

    /** [MQTT-3-8.3-4]: requested QoS 3, or reserved bits set in the options byte, is malformed. */
    @ParameterizedTest(name = "options byte {0}")
    @ValueSource(ints = {0x03, 0x04, 0xC1})
    default void subscribeWithInvalidOptionsByteIsClosed(int options) {
        try (RawMqttConnection bad = connectedAsDevice("bad-subscribe-qos")) {
            bad.send(MqttPackets.subscribe(1, deviceCommands(), options));
            closedSilently(bad);
        }
    }

    /** [MQTT-3.8.1-1]: SUBSCRIBE fixed-header flags are 0010. */
    @Test
    default void subscribeWithWrongFixedHeaderFlagsIsClosed() {
        try (RawMqttConnection bad = connectedAsDevice("bad-subscribe-flags")) {
            bad.send(packet(0x80, u16(1), utf8(deviceCommands()), new byte[] {1}));
            closedSilently(bad);
        }
    }

    @Test
    default void fiveByteRemainingLengthAfterConnectIsClosed() {
        try (RawMqttConnection bad = connectedAsDevice("bad-varint")) {
            bad.send(new byte[] {0x32, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01, 0, 1, 'x'});
            closedSilently(bad);
        }
    }

    /** A QoS 1 PUBLISH header declaring 268435455 bytes, and nothing after it. */
    @Test
    default void hugeRemainingLengthWithoutDataAfterConnectIsClosed() {
        try (RawMqttConnection bad = connectedAsDevice("bad-huge-length")) {
            bad.send(new byte[] {0x32, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
            closedSilently(bad);
        }
    }

    /** {@code $devices/<D>/commands}, a filter D may subscribe to. */
    private String deviceCommands() {
        return "$devices/" + ids().deviceId() + "/commands";
    }
}

package iotcore.server.mqtt.badinput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * MQTT packets built byte by byte, so that a test can send exactly the malformed packet it means
 * (a library encoder refuses most of them). Strings are given either as Java strings (encoded as
 * UTF-8) or as raw bytes (sent as they are, e.g. invalid UTF-8).
 */
final class MqttPackets {

    static final byte[] PINGREQ = {(byte) 0xC0, 0x00};
    static final byte[] PINGRESP = {(byte) 0xD0, 0x00};
    static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};

    /** Connect flags: user name, password, clean session. */
    static final int USER_PASSWORD_CLEAN = 0xC2;
    static final int KEEP_ALIVE_SECONDS = 60;

    private MqttPackets() {}

    /** A fixed header ({@code firstByte} + remaining length of the body) followed by the body. */
    static byte[] packet(int firstByte, byte[]... bodyParts) {
        byte[] body = concat(bodyParts);
        return concat(new byte[] {(byte) firstByte}, remainingLength(body.length), body);
    }

    /** The variable byte integer of MQTT 3.1.1 §2.2.3 (1 to 4 bytes, at most 268435455). */
    static byte[] remainingLength(int value) {
        if (value < 0 || value > 268_435_455) {
            throw new IllegalArgumentException("remaining length out of range: " + value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4);
        do {
            int digit = value % 128;
            value /= 128;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return out.toByteArray();
    }

    /** A UTF-8 string with its two-byte length. */
    static byte[] utf8(String value) {
        return lengthPrefixed(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Any bytes with a two-byte length (for strings that are not valid UTF-8). */
    static byte[] lengthPrefixed(byte[] bytes) {
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("string too long: " + bytes.length);
        }
        return concat(new byte[] {(byte) (bytes.length >> 8), (byte) bytes.length}, bytes);
    }

    static byte[] u16(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    /** A well-formed MQTT 3.1.1 CONNECT with user name and password, clean session, keep-alive 60 s. */
    static byte[] connect(String clientId, String userName, String password) {
        return connect("MQTT", 4, USER_PASSWORD_CLEAN, clientId, userName, password);
    }

    /** A CONNECT in the 3.1.1 layout with any protocol name, level and flags. */
    static byte[] connect(String protocolName, int level, int flags, String clientId, String userName,
            String password) {
        return packet(0x10,
                utf8(protocolName), new byte[] {(byte) level, (byte) flags}, u16(KEEP_ALIVE_SECONDS),
                utf8(clientId), utf8(userName), utf8(password));
    }

    /** A well-formed MQTT 3.1.1 CONNECT without credentials (flags: clean session only); plain ASCII. */
    static byte[] connectWithoutCredentials(String clientId) {
        return packet(0x10, utf8("MQTT"), new byte[] {0x04, 0x02}, u16(KEEP_ALIVE_SECONDS), utf8(clientId));
    }

    /** A well-formed MQTT 5 CONNECT (protocol level 5, empty property lists) with user name and password. */
    static byte[] connectV5(String clientId, String userName, String password) {
        byte[] noProperties = {0x00};
        return packet(0x10,
                utf8("MQTT"), new byte[] {0x05, (byte) USER_PASSWORD_CLEAN}, u16(KEEP_ALIVE_SECONDS), noProperties,
                utf8(clientId), utf8(userName), utf8(password));
    }

    /** The CONNACK a 3.1.1 server sends for a clean session: session present 0, this return code. */
    static byte[] connack(int returnCode) {
        return new byte[] {0x20, 0x02, 0x00, (byte) returnCode};
    }

    /** A PUBLISH to a topic given as raw bytes; a packet id is written for QoS 1, 2 and (invalid) 3. */
    static byte[] publish(int qos, byte[] topic, int packetId, byte[] payload) {
        byte[] id = qos == 0 ? new byte[0] : u16(packetId);
        return packet(0x30 | (qos << 1), lengthPrefixed(topic), id, payload);
    }

    static byte[] publish(int qos, String topic, int packetId, byte[] payload) {
        return publish(qos, topic.getBytes(StandardCharsets.UTF_8), packetId, payload);
    }

    static byte[] puback(int packetId) {
        return concat(new byte[] {0x40, 0x02}, u16(packetId));
    }

    /** A SUBSCRIBE (fixed header 0x82) with one filter and this requested-QoS byte, as given. */
    static byte[] subscribe(int packetId, String filter, int requestedQosByte) {
        return packet(0x82, u16(packetId), utf8(filter), new byte[] {(byte) requestedQosByte});
    }

    /** What follows the fixed header of a packet built here. */
    static byte[] bodyOf(byte[] packet) {
        int lastLengthByte = 1;
        while ((packet[lastLengthByte] & 0x80) != 0) {
            lastLengthByte++;
        }
        return Arrays.copyOfRange(packet, lastLengthByte + 1, packet.length);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** {@code prefix} (ASCII) followed by zero bytes up to {@code length}. */
    static byte[] payload(String prefix, int length) {
        byte[] payload = new byte[length];
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, payload, 0, Math.min(head.length, length));
        return payload;
    }
}

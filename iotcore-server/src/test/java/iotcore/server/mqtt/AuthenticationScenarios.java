package iotcore.server.mqtt;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.testkit.TestCertificate;
import iotcore.testkit.TestPki;
import iotcore.testkit.mqtt.ClientTls;
import iotcore.testkit.mqtt.RawMqttConnection;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import org.junit.jupiter.api.Test;

/**
 * Authentication by client certificate and by username/password: scenarios 21–26 and the
 * precedence table of §2.2, with the CONNACK codes docs/mqtt.md settles (4 bad user name or
 * password, 5 not authorized, 1 protocol level, 2 identifier rejected).
 */
interface AuthenticationScenarios extends MqttFixture {

    int UNACCEPTABLE_PROTOCOL_VERSION = 1;
    int IDENTIFIER_REJECTED = 2;
    int BAD_USERNAME_OR_PASSWORD = 4;
    int NOT_AUTHORIZED = 5;

    @Test
    default void registeredSelfSignedCertificateAloneAuthenticatesTheDevice() { // §8.21
        World w = world();
        assertThat(w.d1().certificate().commonName()).isEqualTo("localhost");
        assertThat(w.d1().certificate().issuer()).as("self-signed").isNull();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));
        TestMqttClient device = mqtt().connect(w.d1());

        String payload = unique("as-d1");
        device.publish(w.d1().topic("events"), payload);

        assertThat(registry.expectExactly(payload)).extracting(Message::topic).containsExactly(w.d1().topic("events"));
        device.assertConnected();
    }

    @Test
    default void rsaCertificatesAuthenticateLikeEcOnes() { // §8.21 with the vendor's openssl -newkey rsa
        World w = world();
        TestCertificate rsa = api().addCertificate(w.d2(), TestPki.selfSigned("localhost", TestPki.KeyType.RSA_2048));
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d2().topic("events"));
        TestMqttClient device = mqtt().byCertificate(rsa).label("D2 by RSA certificate").connect();

        String payload = unique("rsa");
        device.publish(w.d2().topic("events"), payload);

        registry.expectExactly(payload);
    }

    @Test
    default void unregisteredCertificateWithoutCredentialsIsRefusedWithCode5() { // §8.22
        World w = world();
        TestCertificate stranger = TestPki.selfSigned("localhost");

        assertThat(mqtt().byCertificate(stranger).connectRefused()).isEqualTo(NOT_AUTHORIZED);
        assertThat(mqtt().anonymous().connectRefused()).as("no certificate, no username").isEqualTo(NOT_AUTHORIZED);

        ClientTls tls = mqtt().tls().clientCertificate(stranger).build();
        try (RawMqttConnection raw = RawMqttConnection.tls(tls, "127.0.0.1", mqtt().mqttsPort())) {
            raw.send(RawMqttConnection.connect(unique("stranger"), true, 30, null, null));
            assertThat(raw.readConnackCode()).isEqualTo(NOT_AUTHORIZED);
            raw.awaitClosed(TestMqttClient.WAIT);
        }
        assertThat(mqtt().connect(w.d1()).isConnected()).as("registered certificates still work").isTrue();
    }

    @Test
    default void devicePasswordAuthenticatesAndAWrongOneIsRefusedWithCode4() { // §8.23
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));
        TestMqttClient device = mqtt().byPassword(w.d1()).connect();
        String payload = unique("by-password");
        device.publish(w.d1().topic("events"), payload);
        registry.expectExactly(payload);

        assertThat(mqtt().byPassword(w.d1().id(), "Wrong-Passw0rd-123").connectRefused())
                .as("wrong password").isEqualTo(BAD_USERNAME_OR_PASSWORD);
        assertThat(mqtt().byPassword(w.d1().id(), w.d2().password()).connectRefused())
                .as("another device's password").isEqualTo(BAD_USERNAME_OR_PASSWORD);
        assertThat(mqtt().byPassword(w.d1().id(), w.r1().password()).connectRefused())
                .as("its registry's password").isEqualTo(BAD_USERNAME_OR_PASSWORD);
        assertThat(mqtt().byPassword("zz" + w.d1().id().substring(2), w.d1().password()).connectRefused())
                .as("unknown id").isEqualTo(BAD_USERNAME_OR_PASSWORD);
        assertThat(mqtt().byPassword(w.d1().id(), null).connectRefused())
                .as("username without password").isEqualTo(BAD_USERNAME_OR_PASSWORD);

        try (RawMqttConnection raw = RawMqttConnection.tls(mqtt().tls().build(), "127.0.0.1", mqtt().mqttsPort())) {
            raw.send(RawMqttConnection.connect(unique("wrong"), true, 30, w.d1().id(), "Wrong-Passw0rd-123"));
            assertThat(raw.readConnackCode()).isEqualTo(BAD_USERNAME_OR_PASSWORD);
            raw.awaitClosed(TestMqttClient.WAIT);
        }
    }

    @Test
    default void validCertificateWithAWrongPasswordIsRefused() { // §8.24: the password takes precedence
        World w = world();

        int code = mqtt().byCertificate(w.d1()).credentials(w.d1().id(), "Wrong-Passw0rd-123").connectRefused();

        assertThat(code).isEqualTo(BAD_USERNAME_OR_PASSWORD);
    }

    @Test
    default void certificateAndPasswordOfTheSameDeviceTogetherAreAccepted() { // §2.2, row "correct | correct"
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));
        TestMqttClient device = mqtt().byCertificate(w.d1()).credentials(w.d1().id(), w.d1().password()).connect();

        String payload = unique("both");
        device.publish(w.d1().topic("events"), payload);

        registry.expectExactly(payload);
    }

    @Test
    default void passwordWinsOverTheCertificateOfAnotherDevice() { // §8.25
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1())
                .subscribed(w.d1().topic("events"), w.d2().topic("events"));
        TestMqttClient mixed = mqtt().byCertificate(w.d1()).credentials(w.d2().id(), w.d2().password())
                .label("D1's certificate with D2's password").connect();

        String asD2 = unique("as-d2");
        mixed.publish(w.d2().topic("events"), asD2);
        registry.awaitPayload(asD2);
        mixed.publishExpectingDisconnect(w.d1().topic("events"), unique("not-as-d1"));

        String sentinel = unique("sentinel");
        mqtt().connect(w.d1()).publish(w.d1().topic("events"), sentinel);
        assertThat(registry.expectExactly(asD2, sentinel)).extracting(Message::topic)
                .containsExactly(w.d2().topic("events"), w.d1().topic("events"));
    }

    @Test
    default void registryAuthenticatesByPasswordOrCertificateAndActsAsTheRegistry() { // §8.26
        World w = world();
        TestMqttClient device = mqtt().connect(w.d1()).subscribed(w.d1().topic("commands"));
        for (TestMqttClient registry : new TestMqttClient[] {
                mqtt().byPassword(w.r1()).connect(), mqtt().connect(w.r1())}) {
            assertThat(registry.subscribe(w.d1().topic("events"))).as("%s may read D1's events", registry).isEqualTo(1);
            String event = unique("event");
            device.publish(w.d1().topic("events"), event);
            registry.expectExactly(event);

            String command = unique("command");
            registry.publish(w.d1().topic("commands"), command);
            device.expectExactly(command);
            device.clear();
            registry.disconnect();
        }
    }

    @Test
    default void protocolLevelOtherThan311IsRefusedWithCode1() { // docs/mqtt.md, [MQTT-3.1.2-2]
        World w = world();

        assertThat(mqtt().byPassword(w.d1()).mqttVersion(3).connectRefused()).as("MQTT 3.1 (MQIsdp, level 3)")
                .isEqualTo(UNACCEPTABLE_PROTOCOL_VERSION);

        try (RawMqttConnection raw = RawMqttConnection.tls(mqtt().tls().build(), "127.0.0.1", mqtt().mqttsPort())) {
            raw.send(mqtt5Connect(unique("v5")));
            assertThat(raw.readConnackCode()).as("MQTT 5 (level 5)").isEqualTo(UNACCEPTABLE_PROTOCOL_VERSION);
            raw.awaitClosed(TestMqttClient.WAIT);
        }
    }

    @Test
    default void emptyClientIdIsAcceptedWithACleanSessionOnly() { // §2.3 (inferred), docs/mqtt.md: CONNACK 2
        World w = world();
        try (RawMqttConnection raw = RawMqttConnection.tls(mqtt().tls().build(), "127.0.0.1", mqtt().mqttsPort())) {
            raw.send(RawMqttConnection.connect("", true, 30, w.d1().id(), w.d1().password()));
            assertThat(raw.readConnackCode()).isZero();
        }
        try (RawMqttConnection raw = RawMqttConnection.tls(mqtt().tls().build(), "127.0.0.1", mqtt().mqttsPort())) {
            raw.send(RawMqttConnection.connect("", false, 30, w.d1().id(), w.d1().password()));
            assertThat(raw.readConnackCode()).isEqualTo(IDENTIFIER_REJECTED);
            raw.awaitClosed(TestMqttClient.WAIT);
        }
    }

    /** A well-formed MQTT 5 CONNECT: level 5, clean start, empty properties, no credentials. */
    private static byte[] mqtt5Connect(String clientId) {
        byte[] id = clientId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 30, 0});
        body.write(id.length >> 8);
        body.write(id.length & 0xff);
        body.writeBytes(id);
        return RawMqttConnection.packet(0x10, body.toByteArray());
    }
}

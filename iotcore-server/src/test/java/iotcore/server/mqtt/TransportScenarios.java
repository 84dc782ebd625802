package iotcore.server.mqtt;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import iotcore.testkit.mqtt.ClientTls;
import iotcore.testkit.mqtt.RawMqttConnection;
import iotcore.testkit.mqtt.RawMqttConnection.Packet;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Listeners and TLS: scenario 20 (as decisions §9 and docs/mqtt.md "Listeners and TLS" settle it),
 * MQTT over secure WebSocket, the optional plain listener and the generated CA.
 */
interface TransportScenarios extends MqttFixture {

    @Test
    default void plainTcpListenerExistsOnlyWhenMqttPortIsGiven() throws IOException { // §8.20
        withExtraServer(new String[0], extra -> {
            JsonNode ports = readJson(extra.server().dataDir().resolve("ports.json"));
            assertThat(ports.path("http").asInt()).as("ports.json %s", ports).isPositive();
            assertThat(ports.path("mqtts").asInt()).as("ports.json %s", ports).isPositive();
            assertThat(ports.path("wss").asInt()).as("ports.json %s", ports).isPositive();
            assertThat(ports.has("mqtt")).as("no plain listener without --mqtt-port: %s", ports).isFalse();
            assertThat(List.of(ports.path("http").asInt(), ports.path("mqtts").asInt(), ports.path("wss").asInt()))
                    .doesNotHaveDuplicates();
        });

        JsonNode shared = readJson(server().dataDir().resolve("ports.json"));
        assertThat(shared.path("mqtt").asInt()).as("--mqtt-port 0 binds a free port: %s", shared).isPositive();
        assertThat(shared.path("mqtt").asInt()).isNotIn(shared.path("mqtts").asInt(), shared.path("wss").asInt());
    }

    @Test
    default void mqttWithoutTlsOnTheTlsPortsGetsNoSession() { // §8.20
        World w = world();
        for (int port : new int[] {mqtt().mqttsPort(), mqtt().wssPort()}) {
            try (RawMqttConnection raw = RawMqttConnection.plain(port)) {
                raw.send(RawMqttConnection.connect(unique("plain"), true, 30, w.d1().id(), w.d1().password()));
                Packet answer = readOrTimeout(raw, Duration.ofSeconds(5));
                assertThat(answer == null || answer.type() != Packet.CONNACK)
                        .as("plain MQTT on TLS port %s must get no CONNACK, got %s", port, answer).isTrue();
            }
        }
        int code = TestMqttClient.builder("tcp://127.0.0.1:" + mqtt().mqttsPort())
                .credentials(w.d1().id(), w.d1().password()).connectRefused();
        assertThat(code).as("Paho tcp:// to the TLS port fails (reason %s)", code).isNotZero();
    }

    @Test
    default void tls12AndTls13BothCarryMqtt() { // §8.20: TLS 1.2 succeeds; docs/mqtt.md: 1.2 and 1.3
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            ClientTls tls = mqtt().tls().protocols(version).build();
            try (RawMqttConnection raw = RawMqttConnection.tls(tls, "127.0.0.1", mqtt().mqttsPort())) {
                assertThat(raw.tlsProtocol()).isEqualTo(version);
                raw.send(RawMqttConnection.connect(unique("raw"), true, 30, w.d1().id(), w.d1().password()));
                assertThat(raw.readConnackCode()).as("CONNACK over %s", version).isZero();
            }

            TestMqttClient device = mqtt().byCertificate(w.d1())
                    .socketFactory(mqtt().tls().clientCertificate(w.d1().certificate()).protocols(version).build()
                            .socketFactory())
                    .connect();
            assertThat(device.tlsProtocol()).isEqualTo(version);
            String payload = unique("over-" + version);
            device.publish(w.d1().topic("events"), payload);
            registry.awaitPayload(payload);
            device.disconnect();
        }
    }

    @Test
    default void serverCertificateIsValidFor127001AndLocalhostOnBothTlsListeners() { // docs/mqtt.md: SANs
        assertThat(mqtt().caFile()).isRegularFile();
        for (String host : List.of("127.0.0.1", "localhost")) {
            for (int port : new int[] {mqtt().mqttsPort(), mqtt().wssPort()}) {
                try (RawMqttConnection raw = RawMqttConnection.tls(mqtt().tls().build(), host, port)) {
                    assertThat(raw.tlsProtocol()).as("%s:%s", host, port).isIn("TLSv1.2", "TLSv1.3");
                }
            }
        }
    }

    @Test
    default void generatedKeysAreReadableByTheOwnerOnly() throws IOException { // docs/mqtt.md: 0600
        Path tls = server().dataDir().resolve("tls");
        for (String file : List.of("ca.crt", "ca.key", "server.crt", "server.key")) {
            assertThat(tls.resolve(file)).isRegularFile();
        }
        for (String key : List.of("ca.key", "server.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve(key))))
                    .as(key).isEqualTo("rw-------");
        }
    }

    @Test
    default void mqttOverSecureWebSocketCarriesTrafficBothWays() { // decisions §9, docs/mqtt.md: path /mqtt
        World w = world();
        TestMqttClient registry = mqtt().overWss(w.r1().certificate()).label("R1 over wss by certificate").connect();
        registry.subscribed(w.d1().topic("events"));
        TestMqttClient device = mqtt().overWss(null).credentials(w.d1().id(), w.d1().password())
                .label("D1 over wss by password").connect();
        device.subscribed(w.d1().topic("commands"));

        String event = unique("wss-event");
        device.publish(w.d1().topic("events"), event);
        String command = unique("wss-command");
        registry.publish(w.d1().topic("commands"), command);

        assertThat(registry.expectExactly(event)).extracting(Message::topic).containsExactly(w.d1().topic("events"));
        assertThat(device.expectExactly(command)).extracting(Message::topic).containsExactly(w.d1().topic("commands"));
    }

    @Test
    default void plainTcpListenerServesMqttWhenConfigured() { // docs/mqtt.md: --mqtt-port
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));
        TestMqttClient device = mqtt().overPlainTcp().credentials(w.d1().id(), w.d1().password()).connect();

        String payload = unique("plain");
        device.publish(w.d1().topic("events"), payload);

        assertThat(registry.expectExactly(payload)).extracting(Message::topic).containsExactly(w.d1().topic("events"));
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** The first packet, {@code null} for a closed connection, and also {@code null} if nothing came in time. */
    private static Packet readOrTimeout(RawMqttConnection raw, Duration timeout) {
        try {
            return raw.read(timeout);
        } catch (AssertionError silence) {
            return null;
        }
    }
}

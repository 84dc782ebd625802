package iotcore.server.mqtt;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.testkit.ServerProcess;
import iotcore.testkit.TestCertificate;
import iotcore.testkit.mqtt.MosquittoCli;
import iotcore.testkit.mqtt.MosquittoCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Unmodified Eclipse Mosquitto clients ({@code mosquitto_sub}/{@code mosquitto_pub} of Debian's
 * mosquitto-clients) against the broker over TLS, with client certificates and with username/password,
 * as firmware and scripts written for Yandex IoT Core would use it (only host and CA change,
 * decisions §1). Debian's clients are built without WebSocket support, so MQTT over WSS is covered
 * with Paho in {@link TransportScenarios}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MosquittoInteropIT extends MqttServerFixture {

    static final Duration PROCESS_WAIT = Duration.ofSeconds(30);

    @Override
    ServerProcess.Builder serverBuilder() {
        return ServerProcess.builder();
    }

    @Test
    void deviceEventPublishedWithACertificateReachesTheRegistrySubscribedWithACertificate() { // §8.21, §8.27
        World w = world();
        String topic = w.d1().topic("events");
        String payload = unique("from-mosquitto-pub");

        try (MosquittoCli.Subscriber registry = MosquittoCli.subscribe(1, Duration.ofSeconds(20),
                args(tls(w.r1()), "-t", topic, "-q", "1"))) {
            Result pub = MosquittoCli.publish(args(tls(w.d1()), "-t", topic, "-m", payload, "-q", "1"), PROCESS_WAIT);
            assertThat(pub.exitCode()).as("mosquitto_pub: %s", pub).isZero();

            Result sub = registry.awaitExit(PROCESS_WAIT);
            assertThat(sub.exitCode()).as("mosquitto_sub: %s", sub).isZero();
            assertThat(registry.messages()).containsExactly(topic + "|" + payload);
        }
    }

    @Test
    void registryCommandPublishedWithAPasswordReachesTheDeviceSubscribedWithAPassword() { // §8.23, §8.26, §8.29
        World w = world();
        String topic = w.d1().topic("commands");
        String payload = unique("command");

        try (MosquittoCli.Subscriber device = MosquittoCli.subscribe(1, Duration.ofSeconds(20),
                args(login(w.d1()), "-t", topic, "-q", "1"))) {
            Result pub = MosquittoCli.publish(args(login(w.r1()), "-t", topic, "-m", payload, "-q", "1"), PROCESS_WAIT);
            assertThat(pub.exitCode()).as("mosquitto_pub: %s", pub).isZero();

            Result sub = device.awaitExit(PROCESS_WAIT);
            assertThat(sub.exitCode()).as("mosquitto_sub: %s", sub).isZero();
            assertThat(device.messages()).containsExactly(topic + "|" + payload);
        }
    }

    @Test
    void wildcardSubscriberGetsTheStoredStateAtOnce() { // §8.34, §8.37 with a third-party client
        World w = world();
        String state = unique("state");
        mqtt().connect(w.d1()).publish(w.d1().topic("state"), state);

        try (MosquittoCli.Subscriber registry = MosquittoCli.subscribe(1, Duration.ofSeconds(20),
                args(tls(w.r1()), "-t", "$devices/#", "-q", "1"))) {
            Result sub = registry.awaitExit(PROCESS_WAIT);
            assertThat(sub.exitCode()).as("mosquitto_sub: %s", sub).isZero();
            assertThat(registry.messages()).containsExactly(w.d1().topic("state") + "|" + state);
        }
    }

    @Test
    void mosquittoClientsReportRefusedConnections() { // §2.2 codes as mosquitto reports them
        World w = world();

        Result wrongPassword = MosquittoCli.publish(args(common(), "-u", w.d1().id(), "-P", "Wrong-Passw0rd-123",
                "-t", w.d1().topic("events"), "-m", "x", "-q", "1"), PROCESS_WAIT);
        assertThat(wrongPassword.exitCode()).as("%s", wrongPassword).isNotZero();
        assertThat(wrongPassword.stdout() + wrongPassword.stderr()).contains("bad user name or password");

        Result noCredential = MosquittoCli.publish(args(common(), "-t", w.d1().topic("events"), "-m", "x", "-q", "1"),
                PROCESS_WAIT);
        assertThat(noCredential.exitCode()).as("%s", noCredential).isNotZero();
        assertThat(noCredential.stdout() + noCredential.stderr()).contains("not authorised");
    }

    @Test
    void mosquittoSubscriberSeesRefusedFiltersInItsSuback() { // §8.33 as a third-party client sees it
        World w = world();
        try (MosquittoCli.Subscriber registry = MosquittoCli.subscribe(1, Duration.ofSeconds(20),
                args(tls(w.r1()), "-t", w.d1().topic("commands"), "-t", w.d1().topic("events"), "-q", "1"))) {
            String payload = unique("event");
            mqtt().connect(w.d1()).publish(w.d1().topic("events"), payload);

            Result sub = registry.awaitExit(PROCESS_WAIT);
            assertThat(sub.exitCode()).as("mosquitto_sub: %s", sub).isZero();
            assertThat(sub.stdout()).contains("Subscribed (mid: 1): 128, 1");
            assertThat(registry.messages()).containsExactly(w.d1().topic("events") + "|" + payload);
        }
    }

    // --- command lines ---------------------------------------------------------------------------

    private List<String> common() {
        return List.of("-h", "127.0.0.1", "-p", Integer.toString(mqtt().mqttsPort()),
                "--cafile", mqtt().caFile().toString(), "-V", "mqttv311");
    }

    /** TLS with {@code who}'s certificate and key files. */
    private List<String> tls(Identity who) {
        TestCertificate.Files files = who.certificate().writeTo(credentialsDir(), who.id());
        List<String> args = new ArrayList<>(common());
        args.addAll(List.of("--cert", files.certificate().toString(), "--key", files.privateKey().toString()));
        return args;
    }

    /** TLS without a client certificate, with {@code who}'s id and password. */
    private List<String> login(Identity who) {
        List<String> args = new ArrayList<>(common());
        args.addAll(List.of("-u", who.id(), "-P", who.password()));
        return args;
    }

    private static List<String> args(List<String> connection, String... more) {
        List<String> args = new ArrayList<>(connection);
        args.addAll(List.of(more));
        return args;
    }

    private Path credentialsDir() {
        try {
            return Files.createDirectories(server().dataDir().resolve("test-credentials"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

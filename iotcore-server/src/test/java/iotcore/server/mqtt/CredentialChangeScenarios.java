package iotcore.server.mqtt;

import static iotcore.server.mqtt.MqttApi.newPassword;
import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.testkit.TestCertificate;
import iotcore.testkit.TestPki;
import iotcore.testkit.mqtt.TestMqttClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What happens to live connections when the management plane changes under them: scenarios 47
 * and 48, and docs/mqtt.md "Deleting a device, a certificate or a password, or disabling a registry,
 * closes the live connections that depend on it within a second" (polled here for up to 5 s).
 */
interface CredentialChangeScenarios extends MqttFixture {

    /** The contract says a second; a loaded CI machine gets five. */
    Duration CLOSED_WITHIN = Duration.ofSeconds(5);

    @Test
    default void disablingARegistryClosesItsSessionsAndRefusesConnectsUntilEnabled() { // §8.47
        World w = world();
        TestMqttClient d1 = mqtt().connect(w.d1());
        TestMqttClient d2 = mqtt().byPassword(w.d2()).connect();
        TestMqttClient r1ByPassword = mqtt().byPassword(w.r1()).connect();
        TestMqttClient r1ByCertificate = mqtt().connect(w.r1());
        TestMqttClient d3 = mqtt().connect(w.d3()).subscribed(w.d3().topic("commands"));
        TestMqttClient r2 = mqtt().connect(w.r2());

        api().disableRegistry(w.r1());

        for (TestMqttClient client : new TestMqttClient[] {d1, d2, r1ByPassword, r1ByCertificate}) {
            client.awaitConnectionLost(CLOSED_WITHIN);
        }
        assertThat(api().registryStatus(w.r1())).isEqualTo("DISABLED");
        assertThat(mqtt().byCertificate(w.d1()).connectRefused()).as("D1 by certificate").isEqualTo(5);
        assertThat(mqtt().byPassword(w.d1()).connectRefused()).as("D1 by password").isEqualTo(5);
        assertThat(mqtt().byCertificate(w.r1()).connectRefused()).as("R1 by certificate").isEqualTo(5);
        assertThat(mqtt().byPassword(w.r1()).connectRefused()).as("R1 by password").isEqualTo(5);

        String command = unique("other-registry-unaffected");
        r2.publish(w.d3().topic("commands"), command);
        d3.expectExactly(command);

        api().enableRegistry(w.r1());

        assertThat(api().registryStatus(w.r1())).isEqualTo("ACTIVE");
        TestMqttClient registry = mqtt().byPassword(w.r1()).connect().subscribed(w.d1().topic("events"));
        String event = unique("enabled-again");
        mqtt().connect(w.d1()).publish(w.d1().topic("events"), event);
        registry.expectExactly(event);
        mqtt().connect(w.r1()).assertConnected();
        mqtt().byPassword(w.d2()).connect().assertConnected();
    }

    @Test
    default void deletedDeviceIsDisconnectedAndCanNoLongerConnect() { // §8.48
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d2().topic("events"));
        TestMqttClient byCertificate = mqtt().connect(w.d1());
        TestMqttClient byPassword = mqtt().byPassword(w.d1()).connect();
        TestMqttClient d2 = mqtt().connect(w.d2());

        api().deleteDevice(w.d1());

        byCertificate.awaitConnectionLost(CLOSED_WITHIN);
        byPassword.awaitConnectionLost(CLOSED_WITHIN);
        assertThat(mqtt().byCertificate(w.d1()).connectRefused())
                .as("its certificate is no longer registered: no usable credential").isEqualTo(5);
        assertThat(mqtt().byPassword(w.d1()).connectRefused())
                .as("its id as username is unknown").isEqualTo(4);
        String event = unique("d2-unaffected");
        d2.publish(w.d2().topic("events"), event);
        registry.expectExactly(event);
    }

    @Test
    default void deletingACertificateClosesOnlyTheConnectionsThatUsedIt() { // docs/mqtt.md
        World w = world();
        TestCertificate second = api().addCertificate(w.d1(), TestPki.selfSigned("localhost"));
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));
        TestMqttClient first = mqtt().connect(w.d1());
        TestMqttClient other = mqtt().byCertificate(second).label("D1 by its second certificate").connect();
        TestMqttClient password = mqtt().byPassword(w.d1()).connect();

        api().deleteCertificate(w.d1(), w.d1().certificate());

        first.awaitConnectionLost(CLOSED_WITHIN);
        assertThat(mqtt().byCertificate(w.d1()).connectRefused()).isEqualTo(5);
        String a = unique("second-certificate");
        String b = unique("password");
        other.publish(w.d1().topic("events"), a);
        password.publish(w.d1().topic("events"), b);
        registry.expectExactly(a, b);
    }

    @Test
    default void deletingAPasswordClosesOnlyTheConnectionsThatUsedIt() { // docs/mqtt.md
        World w = world();
        String secondPassword = newPassword();
        api().addPassword(w.d1(), secondPassword);
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));
        TestMqttClient first = mqtt().byPassword(w.d1()).connect();
        TestMqttClient other = mqtt().byPassword(w.d1().id(), secondPassword).label("D1 by its second password")
                .connect();
        TestMqttClient certificate = mqtt().connect(w.d1());

        api().deletePassword(w.d1(), w.d1().passwordId());

        first.awaitConnectionLost(CLOSED_WITHIN);
        assertThat(mqtt().byPassword(w.d1()).connectRefused()).isEqualTo(4);
        String a = unique("second-password");
        String b = unique("certificate");
        other.publish(w.d1().topic("events"), a);
        certificate.publish(w.d1().topic("events"), b);
        registry.expectExactly(a, b);
    }

    @Test
    default void deletingARegistryCredentialClosesTheRegistryConnectionThatUsedIt() { // docs/mqtt.md
        World w = world();
        TestMqttClient byCertificate = mqtt().connect(w.r1());
        TestMqttClient byPassword = mqtt().byPassword(w.r1()).connect();
        TestMqttClient device = mqtt().connect(w.d1()).subscribed(w.d1().topic("commands"));

        api().deleteCertificate(w.r1(), w.r1().certificate());
        byCertificate.awaitConnectionLost(CLOSED_WITHIN);
        String command = unique("password-still-works");
        byPassword.publish(w.d1().topic("commands"), command);
        device.expectExactly(command);

        api().deletePassword(w.r1(), w.r1().passwordId());
        byPassword.awaitConnectionLost(CLOSED_WITHIN);
        assertThat(mqtt().byPassword(w.r1()).connectRefused()).isEqualTo(4);
        assertThat(mqtt().byCertificate(w.r1()).connectRefused()).isEqualTo(5);
        device.assertConnected();
    }
}

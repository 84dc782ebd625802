package iotcore.server.migration;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.server.mqtt.FailureLog;
import iotcore.server.mqtt.Mqtt;
import iotcore.testkit.ServerProcess;
import iotcore.testkit.TestCertificate;
import iotcore.testkit.TestPki;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import iotcore.testkit.yc.YcDevice;
import iotcore.testkit.yc.YcExportTree;
import iotcore.testkit.yc.YcRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The point of the migration: after {@code import yc-export}, unchanged firmware keeps working. A
 * device connects over mTLS with the certificate and key it had at Yandex (generated in the test,
 * never touched by the server), publishes to its canonical topic and through its imported aliases,
 * and a backend connected with the registry's original certificate receives everything (spec §3.2:
 * a registry reads {@code $devices/<d>/events} of its devices and {@code $registries/<r>/events};
 * the two streams are independent, so it subscribes to both). A DISABLED registry stays closed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class YcImportEndToEndIT {

    private ServerProcess server;
    private Mqtt mqtt;
    private YcRegistry factory;
    private YcDevice meter;
    private YcDevice otherMeter;
    private YcRegistry lab;

    @TempDir
    static Path work; // static: created before @BeforeAll

    @RegisterExtension
    final FailureLog.OnFailure serverLogOnFailure = new FailureLog.OnFailure(() -> server);

    @BeforeAll
    void importTree() {
        YcExportTree tree = new YcExportTree();
        factory = tree.registry("factory").description("production line").withCertificate();
        meter = factory.device("meter-1").withCertificate();
        meter.alias("factory/meter-1/", "$devices/{id}/").alias("meter-1-events", "$devices/" + meter.id() + "/events");
        otherMeter = factory.device("meter-2").withCertificate();
        lab = tree.registry("old-lab").status("DISABLED").withCertificate();
        lab.device("probe").withCertificate();

        server = ServerProcess.startH2();
        mqtt = new Mqtt(server);
        CliRunner.Run run = new CliRunner(server, work.resolve("cli"))
                .importJson(tree.writeTo(work.resolve("iot-export")), "--folder", unique("e2e"));
        assertThat(run.exit()).as("import: %s", run).isZero();
    }

    @AfterEach
    void closeClients() {
        if (mqtt != null) {
            mqtt.closeAll();
        }
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void deviceWithItsOriginalCertificatePublishesAndTheRegistryWithItsOriginalCertificateReceives() {
        TestMqttClient backend = mqtt.byCertificate(original(factory)).connect();
        assertThat(backend.subscribe(1, meter.topic("events"), factory.topic("events"))).containsExactly(1, 1);
        TestMqttClient device = mqtt.byCertificate(original(meter)).connect();

        String canonical = unique("canonical");
        String throughPrefixAlias = unique("prefix-alias");
        String throughTopicAlias = unique("topic-alias");
        String toRegistry = unique("registry-events");
        device.publish(meter.topic("events"), canonical);
        device.publish("factory/meter-1/events", throughPrefixAlias);
        device.publish("meter-1-events", throughTopicAlias);
        device.publish(factory.topic("events"), toRegistry);

        assertThat(backend.expectExactly(canonical, throughPrefixAlias, throughTopicAlias, toRegistry))
                .extracting(Message::topic)
                .containsExactlyInAnyOrder(meter.topic("events"), meter.topic("events"), meter.topic("events"),
                        factory.topic("events"));
    }

    @Test
    void registryCommandsReachTheDeviceThroughItsImportedAlias() {
        TestMqttClient device = mqtt.byCertificate(original(meter)).connect();
        assertThat(device.subscribe("factory/meter-1/commands/#")).isEqualTo(1);
        TestMqttClient other = mqtt.byCertificate(original(otherMeter)).connect().subscribed(otherMeter.topic("commands"));
        TestMqttClient backend = mqtt.byCertificate(original(factory)).connect();

        String command = unique("lamp-on");
        backend.publish(meter.topic("commands/lamp"), command);

        assertThat(device.expectExactly(command)).extracting(Message::topic).containsExactly("factory/meter-1/commands/lamp");
        other.expectNothing();
    }

    @Test
    void identitiesOfTheDisabledRegistryCannotConnect() {
        assertThat(mqtt.byCertificate(original(lab.devices().get(0))).connectRefused())
                .as("device of a DISABLED registry").isEqualTo(5);
        assertThat(mqtt.byCertificate(original(lab)).connectRefused())
                .as("DISABLED registry").isEqualTo(5);
    }

    @Test
    void aCertificateThatWasNotInTheExportIsNotAccepted() {
        TestCertificate stranger = TestPki.selfSigned("localhost");

        assertThat(mqtt.byCertificate(stranger).connectRefused()).isEqualTo(5);
        assertThat(mqtt.byCertificate(original(meter)).connect().isConnected()).as("control").isTrue();
    }

    private static TestCertificate original(YcDevice device) {
        return device.certificates().get(0).material();
    }

    private static TestCertificate original(YcRegistry registry) {
        return registry.certificates().get(0).material();
    }
}

package iotcore.server.migration;

import static iotcore.server.migration.Summary.assertCounts;
import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.server.mqtt.FailureLog;
import iotcore.server.mqtt.Mqtt;
import iotcore.testkit.ServerProcess;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.yc.YcDevice;
import iotcore.testkit.yc.YcExportTree;
import iotcore.testkit.yc.YcRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 devices, each with a certificate of its own, imported through the CLI. The wall time of the
 * import command is printed (the issue expects seconds, not minutes) but not asserted; the test
 * asserts that everything arrived.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class YcImportScaleIT {

    private static final int DEVICES_PER_REGISTRY = 5000;

    private ServerProcess server;

    @TempDir
    Path work;

    @RegisterExtension
    final FailureLog.OnFailure serverLogOnFailure = new FailureLog.OnFailure(() -> server);

    @BeforeAll
    void startServer() {
        server = ServerProcess.startH2();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void tenThousandDevicesWithCertificatesImport() {
        YcExportTree tree = new YcExportTree();
        for (String name : List.of("fleet-east", "fleet-west")) {
            YcRegistry registry = tree.registry(name).withCertificate();
            for (int i = 0; i < DEVICES_PER_REGISTRY; i++) {
                YcDevice device = registry.device(String.format(Locale.ROOT, "%s-%05d", name, i)).withCertificate();
                if (i % 100 == 0) {
                    device.alias(name + "/" + i + "/", "$devices/{id}/");
                }
            }
        }
        long generating = System.nanoTime();
        Path dir = tree.writeTo(work.resolve("iot-export"));
        System.out.printf("generated and wrote %d certificates in %d ms%n", tree.certificates().size(),
                (System.nanoTime() - generating) / 1_000_000);
        String folder = unique("scale");

        CliRunner.Run run = new CliRunner(server, work.resolve("cli"))
                .run(Duration.ofSeconds(240), "import", "yc-export", dir.toString(), "--folder", folder, "--format", "json-rest");
        System.out.printf("imported %d devices with certificates in %d ms (CLI process wall time)%n",
                tree.devices().size(), run.millis());

        assertThat(run.exit()).as("%s", run).isZero();
        assertCounts(run.json(), "registries", 2, 0);
        assertCounts(run.json(), "devices", 10_000, 0);
        assertCounts(run.json(), "certificates", 10_002, 0);
        assertCounts(run.json(), "aliases", 100, 0);

        ServerView view = new ServerView(server.adminClient());
        for (YcRegistry registry : tree.registries()) {
            assertThat(view.devices(registry.id())).extracting(d -> d.path("id").asText()).as("devices of %s", registry)
                    .containsExactlyInAnyOrderElementsOf(registry.devices().stream().map(YcDevice::id).toList());
        }
        List<YcDevice> sample = new ArrayList<>(tree.devices());
        Collections.shuffle(sample);
        sample = sample.subList(0, 50);
        var certificates = view.deviceCertificates(sample.stream().map(YcDevice::id).toList());
        SoftAssertions soft = new SoftAssertions();
        for (YcDevice device : sample) {
            TreeAssertions.assertCertificates(soft, device.toString(), certificates.get(device.id()), device.certificates());
        }
        soft.assertAll();

        Mqtt mqtt = new Mqtt(server);
        try {
            YcDevice last = tree.devices().get(tree.devices().size() - 1);
            TestMqttClient client = mqtt.byCertificate(last.certificates().get(0).material()).connect();
            assertThat(client.isConnected()).isTrue();
        } finally {
            mqtt.closeAll();
        }
    }
}

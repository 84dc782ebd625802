package iotcore.testkit.yc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YcExportTreeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesEveryFileOfTheGuideInSnakeCase() throws Exception {
        YcExportTree tree = new YcExportTree();
        YcRegistry plant = tree.registry("plant-a").description("Line sensors").label("env", "prod")
                .logToGroup("e23q8u5mb7p2rkt1ltdp", "INFO").withCertificate();
        YcDevice meter = plant.device("meter-001").label("line", "2")
                .alias("meter1/", "$devices/{id}/").withCertificate().withMonitoringData();
        YcDevice bare = plant.device("meter-002");
        tree.broker("my-broker");

        tree.writeTo(dir);

        assertThat(Files.readString(dir.resolve("device-certs-" + plant.id() + "/" + bare.id() + ".json")).trim())
                .isEqualTo("[]");
        JsonNode registry = read("registries.json").get(0);
        assertThat(registry.path("id").asText()).isEqualTo(plant.id()).matches("are[a-z0-9]{17}");
        assertThat(registry.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(registry.path("log_options").path("log_group_id").asText()).isEqualTo("e23q8u5mb7p2rkt1ltdp");
        assertThat(registry.path("labels").path("env").asText()).isEqualTo("prod");
        assertThat(registry.has("createdAt")).isFalse();

        JsonNode device = read("devices-" + plant.id() + ".json").get(0);
        assertThat(device.path("registry_id").asText()).isEqualTo(plant.id());
        assertThat(device.path("topic_aliases").path("meter1/").asText()).isEqualTo("$devices/{id}/");
        assertThat(device.has("monitoring_data")).isTrue();
        assertThat(read("devices-" + plant.id() + ".json").get(1).has("description")).isFalse();

        JsonNode alias = read("aliases-" + plant.id() + ".json").get(0);
        assertThat(alias.path("device_id").asText()).isEqualTo(meter.id());
        assertThat(alias.path("topic_prefix").asText()).isEqualTo("$devices/" + meter.id() + "/");

        JsonNode cert = read("device-certs-" + plant.id() + "/" + meter.id() + ".json").get(0);
        assertThat(cert.path("device_id").asText()).isEqualTo(meter.id());
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(cert.path("certificate_data").asText().getBytes(StandardCharsets.US_ASCII)));
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(parsed.getEncoded()));
        assertThat(cert.path("fingerprint").asText()).isEqualTo(sha1);
        assertThat(read("registry-certs-" + plant.id() + ".json").get(0).path("registry_id").asText()).isEqualTo(plant.id());
        assertThat(read("brokers.json").get(0).path("name").asText()).isEqualTo("my-broker");
    }

    @Test
    void camelCaseCanBeChosenForTheTreeOrForOneFile() throws Exception {
        YcExportTree tree = new YcExportTree().style(YcExportTree.Style.CAMEL_CASE);
        YcRegistry registry = tree.registry("r").loggingDisabled();
        registry.device("d").alias("a", "$devices/{id}/events").withCertificate();
        tree.style(YcExportTree.devicesFile(registry), YcExportTree.Style.SNAKE_CASE);

        tree.writeTo(dir);

        assertThat(read("registries.json").get(0).has("createdAt")).isTrue();
        assertThat(read("registries.json").get(0).path("logOptions").path("disabled").asBoolean()).isTrue();
        assertThat(read("aliases-" + registry.id() + ".json").get(0).has("topicPrefix")).isTrue();
        assertThat(read("devices-" + registry.id() + ".json").get(0).has("registry_id")).isTrue();
        assertThat(read(YcExportTree.deviceCertsFile(registry.devices().get(0))).get(0).has("certificateData")).isTrue();
    }

    @Test
    void generatedCertificatesAreDistinctAndFingerprintsCanBeOverridden() {
        YcExportTree tree = new YcExportTree();
        YcRegistry registry = tree.registry("r");
        IntStream.range(0, 20).forEach(i -> registry.device("d" + i).withCertificate());
        YcCertificate wrong = registry.devices().get(0).certificates().get(0).fingerprint("00".repeat(20));

        tree.generateCertificates();

        assertThat(tree.deviceCertificates()).extracting(YcCertificate::realFingerprint).doesNotHaveDuplicates();
        assertThat(wrong.fingerprint()).isEqualTo("00".repeat(20)).isNotEqualTo(wrong.realFingerprint());
    }

    private JsonNode read(String file) throws Exception {
        return JSON.readTree(dir.resolve(file).toFile());
    }
}

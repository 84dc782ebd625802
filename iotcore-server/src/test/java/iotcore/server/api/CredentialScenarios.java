package iotcore.server.api;

import static iotcore.server.api.IotApi.DEVICES;
import static iotcore.server.api.IotApi.TYPE;
import static iotcore.server.api.IotApi.body;
import static iotcore.server.api.IotApi.done;
import static iotcore.server.api.IotApi.items;
import static iotcore.server.api.IotApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient.Response;
import iotcore.testkit.TestCertificate;
import iotcore.testkit.TestPki;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Passwords and certificates of devices and registries: scenarios 13–15 (§1.4, §1.5). */
interface CredentialScenarios extends ApiFixture {

    String STRONG_PASSWORD = "Passw0rdForDevice";

    private static String stripped(String pem) {
        return pem.replaceAll("\\s", "");
    }

    @Test
    default void weakDevicePasswordsAreRejectedAndAStrongOneIsListedWithoutSecret() { // §8.13
        String registryId = api().newRegistry().path("id").asText();
        String id = api().createDevice(registryId, "pw").path("id").asText();
        String passwords = DEVICES + "/devices/" + id + "/passwords";

        Problem.invalidField(api().post(passwords, body("password", "Passw0rdForDe")), "password"); // 13 chars
        Problem.invalidField(api().post(passwords, body("password", "abcdefghijklmn")), "password"); // one class
        Problem.invalidField(api().post(passwords, body("password", "abcdefghijklmN")), "password"); // two classes
        assertThat(items(api().get(passwords), "passwords")).isEmpty();

        JsonNode op = done(api().post(passwords, body("password", STRONG_PASSWORD)));

        assertThat(op.path("metadata").path("@type").asText()).isEqualTo(TYPE + "AddDevicePasswordMetadata");
        assertThat(op.path("metadata").path("deviceId").asText()).isEqualTo(id);
        String passwordId = op.path("metadata").path("passwordId").asText();
        assertThat(passwordId).isNotBlank();
        assertThat(op.path("response").path("@type").asText()).isEqualTo(TYPE + "DevicePassword");
        Response list = api().get(passwords);
        assertThat(items(list, "passwords")).singleElement().satisfies(password -> {
            assertThat(Set.copyOf(fieldNames(password))).isEqualTo(Set.of("deviceId", "id", "createdAt"));
            assertThat(password.path("id").asText()).isEqualTo(passwordId);
            assertThat(password.path("deviceId").asText()).isEqualTo(id);
        });
        assertThat(list.text()).doesNotContain(STRONG_PASSWORD);
        assertThat(op.toString()).doesNotContain(STRONG_PASSWORD);
        assertThat(api().get(DEVICES + "/devices/" + id + "/operations").text()).doesNotContain(STRONG_PASSWORD);

        done(api().delete(passwords + "/" + passwordId));
        assertThat(items(api().get(passwords), "passwords")).isEmpty();
        Problem.notFound(api().delete(passwords + "/" + passwordId));
    }

    @Test
    default void registryPasswordsFollowTheSameRules() { // §8.13 for registries
        String id = api().newRegistry().path("id").asText();
        String passwords = DEVICES + "/registries/" + id + "/passwords";

        Problem.invalidField(api().post(passwords, body("password", "short1A")), "password");
        JsonNode op = done(api().post(passwords, body("password", "Registry-Secret-42")));

        assertThat(op.path("metadata").path("@type").asText()).isEqualTo(TYPE + "AddRegistryPasswordMetadata");
        assertThat(op.path("metadata").path("registryId").asText()).isEqualTo(id);
        String passwordId = op.path("metadata").path("passwordId").asText();
        Response list = api().get(passwords);
        assertThat(items(list, "passwords")).singleElement().satisfies(password -> {
            assertThat(Set.copyOf(fieldNames(password))).isEqualTo(Set.of("registryId", "id", "createdAt"));
            assertThat(password.path("id").asText()).isEqualTo(passwordId);
        });
        assertThat(list.text()).doesNotContain("Registry-Secret-42");
        done(api().delete(passwords + "/" + passwordId));
        assertThat(items(api().get(passwords), "passwords")).isEmpty();
    }

    @Test
    default void createWithInlinePasswordAndCertificateStoresBoth() {
        String folder = api().newFolder();
        TestCertificate registryCert = TestPki.selfSigned("registry");
        TestCertificate deviceCert = TestPki.selfSigned("localhost");
        String registryId = api().createRegistry(body("folderId", folder, "name", "inline",
                "password", "Registry-Secret-42",
                "certificates", List.of(Map.of("certificateData", registryCert.certificatePem())))).path("id").asText();
        String deviceId = api().createDevice(body("registryId", registryId, "name", "inline",
                "password", STRONG_PASSWORD,
                "certificates", List.of(Map.of("certificateData", deviceCert.certificatePem())))).path("id").asText();

        assertThat(items(api().get(DEVICES + "/registries/" + registryId + "/passwords"), "passwords")).hasSize(1);
        assertThat(items(api().get(DEVICES + "/registries/" + registryId + "/certificates"), "certificates"))
                .extracting(c -> c.path("fingerprint").asText()).containsExactly(registryCert.sha1Fingerprint());
        assertThat(items(api().get(DEVICES + "/devices/" + deviceId + "/passwords"), "passwords")).hasSize(1);
        assertThat(items(api().get(DEVICES + "/devices/" + deviceId + "/certificates"), "certificates"))
                .extracting(c -> c.path("fingerprint").asText()).containsExactly(deviceCert.sha1Fingerprint());
        Problem.invalidField(api().post(DEVICES + "/devices", body("registryId", registryId, "name", "weak",
                "password", "weak")), "password");
        assertThat(api().devicesIn(registryId)).hasSize(1);
    }

    @Test
    default void certificateIsListedWithItsSha1FingerprintAndDeletedByIt() { // §8.15
        String registryId = api().newRegistry().path("id").asText();
        String deviceId = api().createDevice(registryId, "certified").path("id").asText();
        for (TestPki.KeyType keyType : TestPki.KeyType.values()) {
            for (String owner : List.of("/devices/" + deviceId, "/registries/" + registryId)) {
                TestCertificate cert = TestPki.selfSigned("localhost", keyType);
                String certificates = DEVICES + owner + "/certificates";
                String ownerField = owner.startsWith("/devices") ? "deviceId" : "registryId";
                String ownerId = owner.substring(owner.lastIndexOf('/') + 1);

                JsonNode op = done(api().post(certificates, body("certificateData", cert.certificatePem())));

                String kind = owner.startsWith("/devices") ? "Device" : "Registry";
                assertThat(op.path("metadata").path("@type").asText()).isEqualTo(TYPE + "Add" + kind + "CertificateMetadata");
                assertThat(op.path("metadata").path(ownerField).asText()).isEqualTo(ownerId);
                assertThat(op.path("metadata").path("fingerprint").asText()).isEqualTo(cert.sha1Fingerprint());
                assertThat(op.path("response").path("@type").asText()).isEqualTo(TYPE + kind + "Certificate");
                List<JsonNode> listed = items(api().get(certificates), "certificates");
                assertThat(listed).as("%s %s", owner, keyType).singleElement().satisfies(c -> {
                    assertThat(c.path("fingerprint").asText()).matches("[0-9a-f]{40}").isEqualTo(cert.sha1Fingerprint());
                    assertThat(stripped(c.path("certificateData").asText())).isEqualTo(stripped(cert.certificatePem()));
                    assertThat(c.path(ownerField).asText()).isEqualTo(ownerId);
                    assertThat(c.path("createdAt").asText()).isNotBlank();
                });

                JsonNode deleted = done(api().delete(certificates + "/" + cert.sha1Fingerprint()));
                assertThat(deleted.path("response").path("@type").asText()).isEqualTo(IotApi.EMPTY_TYPE);
                assertThat(items(api().get(certificates), "certificates")).isEmpty();
                Problem.notFound(api().delete(certificates + "/" + cert.sha1Fingerprint()));
            }
        }
    }

    @Test
    default void certificateBelongsToOneOwnerOnly() { // §8.14
        String registryId = api().newRegistry().path("id").asText();
        String first = api().createDevice(registryId, "d1").path("id").asText();
        String second = api().createDevice(registryId, "d2").path("id").asText();
        TestCertificate cert = TestPki.selfSigned("localhost");
        Map<String, Object> add = body("certificateData", cert.certificatePem());
        done(api().post(DEVICES + "/devices/" + first + "/certificates", add));

        Problem.alreadyExists(api().post(DEVICES + "/devices/" + second + "/certificates", add));
        Problem.alreadyExists(api().post(DEVICES + "/registries/" + registryId + "/certificates", add));
        Problem.alreadyExists(api().post(DEVICES + "/devices/" + first + "/certificates", add));
        Problem.alreadyExists(api().post(DEVICES + "/devices", body("registryId", registryId, "name", "d3",
                "certificates", List.of(add))));
        Problem.alreadyExists(api().post(DEVICES + "/registries", body("folderId", api().newFolder(), "name", "r",
                "certificates", List.of(add))));
        assertThat(items(api().get(DEVICES + "/devices/" + second + "/certificates"), "certificates")).isEmpty();
        Problem.notFound(api().get(DEVICES + "/devices:getByName?registryId=" + q(registryId) + "&deviceName=d3"));

        done(api().delete(DEVICES + "/devices/" + first + "/certificates/" + cert.sha1Fingerprint()));
        done(api().post(DEVICES + "/devices/" + second + "/certificates", add));
        assertThat(items(api().get(DEVICES + "/devices/" + second + "/certificates"), "certificates")).hasSize(1);
    }

    @Test
    default void deletingADeviceFreesItsCertificate() { // §1.3: fingerprints become reusable
        String registryId = api().newRegistry().path("id").asText();
        TestCertificate cert = TestPki.selfSigned("localhost");
        Map<String, Object> add = body("certificateData", cert.certificatePem());
        String first = api().createDevice(body("registryId", registryId, "name", "d1", "certificates", List.of(add)))
                .path("id").asText();

        done(api().delete(DEVICES + "/devices/" + first));

        String second = api().createDevice(registryId, "d2").path("id").asText();
        done(api().post(DEVICES + "/devices/" + second + "/certificates", add));
    }

    @Test
    default void unparsableCertificateIsRejectedNamingCertificateData() {
        String registryId = api().newRegistry().path("id").asText();
        String id = api().createDevice(registryId, "d").path("id").asText();
        String certificates = DEVICES + "/devices/" + id + "/certificates";
        String garbledPem = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
        String truncated = TestPki.selfSigned("x").certificatePem().substring(0, 200) + "\n-----END CERTIFICATE-----\n";

        Problem.invalidField(api().post(certificates, body("certificateData", "hello")), "certificateData");
        Problem.invalidField(api().post(certificates, body("certificateData", garbledPem)), "certificateData");
        Problem.invalidField(api().post(certificates, body("certificateData", truncated)), "certificateData");
        Problem.invalidField(api().post(certificates, body("certificateData", "")), "certificateData");
        Problem.invalidField(api().post(certificates, body("certificateData", TestPki.selfSigned("k").privateKeyPem())),
                "certificateData");
        Problem.invalidField(api().post(DEVICES + "/devices", body("registryId", registryId, "name", "bad-cert",
                "certificates", List.of(Map.of("certificateData", "hello")))), "certificateData");

        assertThat(items(api().get(certificates), "certificates")).isEmpty();
        assertThat(api().devicesIn(registryId)).hasSize(1);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

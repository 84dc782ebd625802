package iotcore.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import iotcore.cli.CliRun;
import iotcore.cli.FakeApi;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCommandsTest {

    static final String ID = "are1dtqd94r7xxxxxxxx";
    static final String REGISTRY = """
            {"id":"are1dtqd94r7xxxxxxxx","folderId":"default","createdAt":"2026-11-25T22:15:01Z","name":"my-reg",
             "labels":{"a":"b"},"status":"ACTIVE"}""";
    static final String BASE = "/iot-devices/v1/registries";

    private final ObjectMapper mapper = new ObjectMapper();
    private FakeApi api;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static String done(String response) {
        return "{\"id\":\"op1\",\"done\":true,\"metadata\":{\"@type\":\"m\",\"registryId\":\"" + ID + "\"},"
                + "\"response\":" + response.replace("{\"id\"", "{\"@type\":\"type.googleapis.com/yandex.cloud.iot.devices.v1.Registry\",\"id\"") + "}";
    }

    private JsonNode body(FakeApi.Request request) throws Exception {
        return mapper.readTree(request.body());
    }

    @Test
    void createSendsTheRequestAndPrintsTheRegistryInSnakeCase() throws Exception {
        api.answer("POST " + BASE, done(REGISTRY));

        CliRun run = api.run("registry", "create", "my-reg", "--description", "d", "--labels", "a=b,c=d",
                "--password", "Str0ng-Password!", "--no-logging", "--min-log-level", "warn");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeApi.Request request = api.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.authorization()).isEqualTo("Bearer " + FakeApi.TOKEN);
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(body(request)).isEqualTo(mapper.readTree("""
                {"folderId":"default","name":"my-reg","description":"d","labels":{"a":"b","c":"d"},
                 "password":"Str0ng-Password!","logOptions":{"disabled":true,"minLevel":"WARN"}}"""));
        assertThat(run.out()).contains("id: " + ID, "folder_id: default", "status: ACTIVE").doesNotContain("@type", "registry_id");
    }

    @Test
    void createReadsCertificateFilesAndTheFolderFlag() throws Exception {
        api.answer("POST " + BASE, done(REGISTRY));
        Path pem = Files.writeString(dir.resolve("c.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        CliRun run = api.run("registry", "create", "--name", "my-reg", "--certificate-file", pem.toString(), "--folder-name", "plant-1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode body = body(api.last());
        assertThat(body.get("folderId").asText()).isEqualTo("plant-1");
        assertThat(body.at("/certificates/0/certificateData").asText()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void updateMasksExactlyTheGivenFields() throws Exception {
        api.answer("PATCH " + BASE + "/" + ID, done(REGISTRY));

        CliRun run = api.run("registry", "update", "--id", ID, "--new-name", "renamed", "--labels", "");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(api.requests()).hasSize(1);
        assertThat(body(api.last())).isEqualTo(mapper.readTree(
                "{\"updateMask\":\"name,labels\",\"name\":\"renamed\",\"labels\":{}}"));
    }

    @Test
    void addLabelsReadsTheRegistryByNameAndPatchesTheMergedLabels() throws Exception {
        api.answer("GET " + BASE + ":getByName?folderId=default&registryName=my-reg", REGISTRY)
                .answer("PATCH " + BASE + "/" + ID, done(REGISTRY));

        CliRun run = api.run("registry", "add-labels", "my-reg", "--labels", "c=d");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(body(api.last())).isEqualTo(mapper.readTree("{\"updateMask\":\"labels\",\"labels\":{\"a\":\"b\",\"c\":\"d\"}}"));
    }

    @Test
    void removeLabelsDropsTheGivenKeys() throws Exception {
        api.answer("GET " + BASE + "/" + ID, REGISTRY).answer("PATCH " + BASE + "/" + ID, done(REGISTRY));

        CliRun run = api.run("registry", "remove-labels", "--id", ID, "--labels", "a");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(body(api.last())).isEqualTo(mapper.readTree("{\"updateMask\":\"labels\",\"labels\":{}}"));
    }

    @Test
    void aPositionalThatLooksLikeAnIdFallsBackToTheNameWhenNoSuchId() throws Exception {
        String name = "abcdefghij0123456789";
        api.answer("GET " + BASE + ":getByName?folderId=default&registryName=" + name, REGISTRY);

        CliRun run = api.run("registry", "get", name);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(api.requests()).extracting(FakeApi.Request::uri)
                .containsExactly(BASE + "/" + name, BASE + ":getByName?folderId=default&registryName=" + name);
        assertThat(run.out()).contains("name: my-reg");
    }

    @Test
    void listFollowsPagesAndPrintsATable() {
        api.answer("GET " + BASE + "?folderId=default&pageSize=1000", "{\"registries\":[" + REGISTRY + "],\"nextPageToken\":\"p2\"}")
                .answer("GET " + BASE + "?folderId=default&pageSize=999&pageToken=p2",
                        "{\"registries\":[{\"id\":\"are2xxxxxxxxxxxxxxxx\",\"name\":\"second\",\"status\":\"DISABLED\"}]}");

        CliRun run = api.run("registry", "list");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("|          ID          |  NAME  |  STATUS  |")
                .contains("| " + ID + " | my-reg | ACTIVE   |")
                .contains("| are2xxxxxxxxxxxxxxxx | second | DISABLED |");
    }

    @Test
    void disablePostsTheCustomMethodAndPrintsTheRegistry() {
        api.answer("POST " + BASE + "/" + ID + ":disable", done(REGISTRY.replace("ACTIVE", "DISABLED")));

        CliRun run = api.run("registry", "disable", "--id", ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("status: DISABLED");
    }

    @Test
    void deletePrintsNothing() {
        api.answer("DELETE " + BASE + "/" + ID, "{\"id\":\"op\",\"done\":true,\"response\":{\"@type\":\"type.googleapis.com/google.protobuf.Empty\"}}");

        CliRun run = api.run("registry", "delete", "--id", ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
    }

    @Test
    void certificateListIsAFingerprintTable() {
        api.answer("GET " + BASE + "/" + ID + "/certificates",
                "{\"certificates\":[{\"registryId\":\"" + ID + "\",\"fingerprint\":\"0123456789abcdef0123456789abcdef01234567\",\"createdAt\":\"2026-11-25T22:15:01Z\"}]}");

        CliRun run = api.run("registry", "certificate", "list", "--registry-id", ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("|               FINGERPRINT                |      CREATED AT      |")
                .contains("| 0123456789abcdef0123456789abcdef01234567 | 2026-11-25T22:15:01Z |");
    }

    @Test
    void passwordAddReadsThePasswordFromStdin() throws Exception {
        api.answer("POST " + BASE + "/" + ID + "/passwords",
                "{\"id\":\"op\",\"done\":true,\"response\":{\"registryId\":\"" + ID + "\",\"id\":\"pw1\",\"createdAt\":\"t\"}}");
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("From-Stdin-Passw0rd\n".getBytes(StandardCharsets.UTF_8)));
            CliRun run = api.run("registry", "password", "add", "--registry-id", ID, "--read-password");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(body(api.last()).get("password").asText()).isEqualTo("From-Stdin-Passw0rd");
            assertThat(run.out()).contains("registry_id: " + ID, "id: pw1");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void generatedPasswordIsSentAndShownOnceOnStderr() throws Exception {
        api.answer("POST " + BASE + "/" + ID + "/passwords",
                "{\"id\":\"op\",\"done\":true,\"response\":{\"registryId\":\"" + ID + "\",\"id\":\"pw1\"}}");

        CliRun run = api.run("registry", "password", "add", "--registry-id", ID, "--generate-password");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String sent = body(api.last()).get("password").asText();
        assertThat(run.err()).contains(sent);
        assertThat(run.out()).doesNotContain(sent);
    }
}

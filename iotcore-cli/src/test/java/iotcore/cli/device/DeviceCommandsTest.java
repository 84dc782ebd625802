package iotcore.cli.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import iotcore.cli.CliRun;
import iotcore.cli.FakeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceCommandsTest {

    static final String REGISTRY_ID = "are1dtqd94r7xxxxxxxx";
    static final String DEVICE_ID = "are7gkqxxxxxxxxxxxxx";
    static final String DEVICE = """
            {"id":"are7gkqxxxxxxxxxxxxx","registryId":"are1dtqd94r7xxxxxxxx","name":"sensor",
             "topicAliases":{"myEvents":"$devices/are7gkqxxxxxxxxxxxxx/events"},"status":"ACTIVE"}""";
    static final String BASE = "/iot-devices/v1/devices";

    private final ObjectMapper mapper = new ObjectMapper();
    private FakeApi api;

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
        api.answer("GET /iot-devices/v1/registries:getByName?folderId=default&registryName=my-reg",
                "{\"id\":\"" + REGISTRY_ID + "\",\"name\":\"my-reg\"}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static String done(String response) {
        return "{\"id\":\"op\",\"done\":true,\"response\":" + response + "}";
    }

    private JsonNode lastBody() throws Exception {
        return mapper.readTree(api.last().body());
    }

    @Test
    void createResolvesTheRegistryNameAndSendsTopicAliasesWithThePlaceholder() throws Exception {
        api.answer("POST " + BASE, done(DEVICE));

        CliRun run = api.run("device", "create", "sensor", "--registry-name", "my-reg",
                "--topic-aliases", "myEvents='$devices/{id}/events',st=$devices/{id}/state", "--labels", "site=north");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(lastBody()).isEqualTo(mapper.readTree("""
                {"registryId":"are1dtqd94r7xxxxxxxx","name":"sensor",
                 "topicAliases":{"myEvents":"$devices/{id}/events","st":"$devices/{id}/state"},"labels":{"site":"north"}}"""));
        assertThat(run.out()).contains("registry_id: " + REGISTRY_ID).contains("topic_aliases:").contains("  myEvents: ");
    }

    @Test
    void createWithoutARegistryIsAUserError() {
        CliRun run = api.run("device", "create", "sensor");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("ERROR: which registry? give --registry-id or --registry-name\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void getByNameAsksTheRegistryForTheFullView() {
        api.answer("GET " + BASE + ":getByName?registryId=" + REGISTRY_ID + "&deviceName=sensor&deviceView=FULL", DEVICE);

        CliRun run = api.run("device", "get", "sensor", "--registry-name", "my-reg", "--full", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"registry_id\"").contains("\"myEvents\"");
    }

    @Test
    void aNameWithoutRegistryIsSearchedInTheFolder() {
        api.answer("GET " + BASE + "?folderId=default&pageSize=1000", "{\"devices\":[" + DEVICE + "]}");

        CliRun run = api.run("device", "get", "sensor");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("id: " + DEVICE_ID);
    }

    @Test
    void aNameUsedInTwoRegistriesNeedsTheRegistry() {
        api.answer("GET " + BASE + "?folderId=default&pageSize=1000", "{\"devices\":[" + DEVICE + ","
                + DEVICE.replace(DEVICE_ID, "are8xxxxxxxxxxxxxxxx") + "]}");

        CliRun run = api.run("device", "get", "--name", "sensor");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--registry-id or --registry-name");
    }

    @Test
    void addTopicAliasesMergesAndFillsInTheDeviceId() throws Exception {
        api.answer("GET " + BASE + "/" + DEVICE_ID, DEVICE).answer("PATCH " + BASE + "/" + DEVICE_ID, done(DEVICE));

        CliRun run = api.run("device", "add-topic-aliases", DEVICE_ID, "--topic-aliases", "cmd=$devices/{id}/commands");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(lastBody()).isEqualTo(mapper.readTree("""
                {"updateMask":"topicAliases","topicAliases":{"myEvents":"$devices/are7gkqxxxxxxxxxxxxx/events",
                 "cmd":"$devices/are7gkqxxxxxxxxxxxxx/commands"}}"""));
    }

    @Test
    void removeTopicAliasesDropsTheAlias() throws Exception {
        api.answer("GET " + BASE + "/" + DEVICE_ID, DEVICE).answer("PATCH " + BASE + "/" + DEVICE_ID, done(DEVICE));

        CliRun run = api.run("device", "remove-topic-aliases", "--id", DEVICE_ID, "--topic-aliases", "myEvents");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(lastBody()).isEqualTo(mapper.readTree("{\"updateMask\":\"topicAliases\",\"topicAliases\":{}}"));
    }

    @Test
    void updateMasksDescriptionAndLabels() throws Exception {
        api.answer("PATCH " + BASE + "/" + DEVICE_ID, done(DEVICE));

        CliRun run = api.run("device", "update", "--id", DEVICE_ID, "--description", "roof", "--labels", "a=b");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(lastBody()).isEqualTo(mapper.readTree(
                "{\"updateMask\":\"description,labels\",\"description\":\"roof\",\"labels\":{\"a\":\"b\"}}"));
    }

    @Test
    void listOfARegistryHonoursTheLimit() {
        api.answer("GET " + BASE + "?registryId=" + REGISTRY_ID + "&pageSize=1", "{\"devices\":[" + DEVICE + "],\"nextPageToken\":\"more\"}");

        CliRun run = api.run("device", "list", "--registry-id", REGISTRY_ID, "--limit", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(api.requests()).hasSize(1);
        assertThat(run.out()).contains("| " + DEVICE_ID + " | sensor | ACTIVE |");
    }

    @Test
    void certificateDeleteAddressesTheDeviceByName() {
        api.answer("GET " + BASE + ":getByName?registryId=" + REGISTRY_ID + "&deviceName=sensor", DEVICE)
                .answer("DELETE " + BASE + "/" + DEVICE_ID + "/certificates/0123456789abcdef0123456789abcdef01234567",
                        done("{}"));

        CliRun run = api.run("device", "certificate", "delete", "--device-name", "sensor", "--registry-name", "my-reg",
                "--fingerprint", "0123456789abcdef0123456789abcdef01234567");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
    }
}

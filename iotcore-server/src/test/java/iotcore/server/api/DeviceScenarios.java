package iotcore.server.api;

import static iotcore.server.api.IotApi.DEVICES;
import static iotcore.server.api.IotApi.TYPE;
import static iotcore.server.api.IotApi.body;
import static iotcore.server.api.IotApi.done;
import static iotcore.server.api.IotApi.ids;
import static iotcore.server.api.IotApi.items;
import static iotcore.server.api.IotApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Devices: scenarios 7, 17, 18, 19 and create/get/delete of §5.4. */
interface DeviceScenarios extends ApiFixture {

    @Test
    default void createDeviceAnswersDoneOperationAndGetReturnsTheSameDevice() {
        String registryId = api().newRegistry().path("id").asText();

        JsonNode op = done(api().post(DEVICES + "/devices", body("registryId", registryId, "name", "dev-1",
                "description", "first device", "labels", Map.of("room", "kitchen"))));

        assertThat(op.path("metadata").path("@type").asText()).isEqualTo(TYPE + "CreateDeviceMetadata");
        String id = op.path("metadata").path("deviceId").asText();
        assertThat(id).matches("[a-z0-9]{20}");
        JsonNode device = op.path("response");
        assertThat(device.path("@type").asText()).isEqualTo(TYPE + "Device");
        assertThat(device.path("id").asText()).isEqualTo(id);
        assertThat(device.path("registryId").asText()).isEqualTo(registryId);
        assertThat(device.path("name").asText()).isEqualTo("dev-1");
        assertThat(device.path("description").asText()).isEqualTo("first device");
        assertThat(device.path("labels")).isEqualTo(ApiJson.tree(Map.of("room", "kitchen")));
        assertThat(device.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(Instant.parse(device.path("createdAt").asText())).isNotNull();
        assertThat(api().device(id)).isEqualTo(IotApi.withoutType(device));
    }

    @Test
    default void deviceNeedsANameThatIsUniqueInItsRegistry() { // §8.7
        String folder = api().newFolder();
        String registryId = api().createRegistry(folder, "r1").path("id").asText();
        String otherRegistryId = api().createRegistry(folder, "r2").path("id").asText();

        Problem.invalidField(api().post(DEVICES + "/devices", body("registryId", registryId)), "name");
        api().createDevice(registryId, "dev");
        Problem.alreadyExists(api().post(DEVICES + "/devices", body("registryId", registryId, "name", "dev")));

        assertThat(api().devicesIn(registryId)).hasSize(1);
        assertThat(api().createDevice(otherRegistryId, "dev").path("registryId").asText()).isEqualTo(otherRegistryId);
        Problem.invalidField(api().post(DEVICES + "/devices", body("registryId", registryId, "name", "bad name!")), "name");
        Problem.invalidField(api().post(DEVICES + "/devices",
                body("registryId", registryId, "name", "d", "description", Names.repeat('x', 257))), "description");
        Problem.invalidField(api().post(DEVICES + "/devices",
                body("registryId", registryId, "name", "d", "labels", Map.of("Env", "x"))), "labels");
        Problem.invalidField(api().post(DEVICES + "/devices", body("name", "no-registry")), "registryId");
        assertThat(api().devicesIn(registryId)).hasSize(1);
    }

    @Test
    default void deviceInUnknownRegistryIsNotFound() {
        Problem.notFound(api().post(DEVICES + "/devices", body("registryId", Names.unknownId(), "name", "orphan")));
    }

    @Test
    default void deviceListIsPagedAndCanSpanTheFolder() { // §8.17
        String folder = api().newFolder();
        String registryId = api().createRegistry(folder, "r1").path("id").asText();
        String secondRegistryId = api().createRegistry(folder, "r2").path("id").asText();
        List<String> created = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            created.add(api().createDevice(registryId, "d" + i).path("id").asText());
        }
        String inSecond = api().createDevice(secondRegistryId, "x1").path("id").asText();
        api().createDevice(api().newRegistry().path("id").asText(), "elsewhere");

        List<Integer> sizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            Response page = api().get(DEVICES + "/devices?registryId=" + q(registryId) + "&pageSize=2"
                    + (token.isEmpty() ? "" : "&pageToken=" + q(token)));
            List<JsonNode> devices = items(page, "devices");
            sizes.add(devices.size());
            seen.addAll(ids(devices, "id"));
            token = page.path("nextPageToken").asText();
        } while (!token.isEmpty() && sizes.size() < 10);

        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
        List<JsonNode> inFolder = items(api().get(DEVICES + "/devices?folderId=" + q(folder)), "devices");
        List<String> expected = new ArrayList<>(created);
        expected.add(inSecond);
        assertThat(ids(inFolder, "id")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    default void deviceListNeedsExactlyOneOfRegistryIdAndFolderId() { // §8.17
        JsonNode registry = api().newRegistry();

        Problem.invalidArgument(api().get(DEVICES + "/devices?registryId=" + q(registry.path("id").asText())
                + "&folderId=" + q(registry.path("folderId").asText())));
        Problem.invalidArgument(api().get(DEVICES + "/devices"));
    }

    @Test
    default void fullViewHasMonitoringDataAndBasicViewOmitsIt() { // §8.18
        // The device has never connected: the MQTT broker comes with a later issue. The part of
        // scenario 18 that checks lastAuthIp/lastAuthTime after a connection belongs to the broker tests.
        String registryId = api().newRegistry().path("id").asText();
        String id = api().createDevice(registryId, "viewed").path("id").asText();

        Response full = api().get(DEVICES + "/devices/" + id + "?deviceView=FULL");
        Response basic = api().get(DEVICES + "/devices/" + id + "?deviceView=BASIC");
        Response byDefault = api().get(DEVICES + "/devices/" + id);

        assertThat(full.status()).isEqualTo(200);
        assertThat(full.path("monitoringData").isObject()).as("FULL view: %s", full).isTrue();
        assertThat(basic.json().has("monitoringData")).as("BASIC view: %s", basic).isFalse();
        assertThat(byDefault.json().has("monitoringData")).as("default view: %s", byDefault).isFalse();
        assertThat(items(api().get(DEVICES + "/devices?registryId=" + q(registryId) + "&deviceView=FULL"), "devices"))
                .singleElement().satisfies(d -> assertThat(d.path("monitoringData").isObject()).isTrue());
        assertThat(items(api().get(DEVICES + "/devices?registryId=" + q(registryId)), "devices"))
                .singleElement().satisfies(d -> assertThat(d.has("monitoringData")).isFalse());
        Response byName = api().get(DEVICES + "/devices:getByName?registryId=" + q(registryId)
                + "&deviceName=viewed&deviceView=FULL");
        assertThat(byName.path("monitoringData").isObject()).as("getByName FULL: %s", byName).isTrue();
        Problem.invalidField(api().get(DEVICES + "/devices/" + id + "?deviceView=HUGE"), "deviceView");
    }

    @Test
    default void deviceGetByNameFindsItAndUnknownNameIsNotFound() { // §8.19
        String folder = api().newFolder();
        String registryId = api().createRegistry(folder, "r1").path("id").asText();
        String otherRegistryId = api().createRegistry(folder, "r2").path("id").asText();
        JsonNode device = api().createDevice(registryId, "named");
        api().createDevice(otherRegistryId, "named");

        Response found = api().get(DEVICES + "/devices:getByName?registryId=" + q(registryId) + "&deviceName=named");

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json()).isEqualTo(device);
        Problem.notFound(api().get(DEVICES + "/devices:getByName?registryId=" + q(registryId) + "&deviceName=nobody"));
        Problem.invalidArgument(api().get(DEVICES + "/devices:getByName?deviceName=named"));
    }

    @Test
    default void deletedDeviceIsGoneAndItsNameCanBeReused() {
        String registryId = api().newRegistry().path("id").asText();
        String id = api().createDevice(registryId, "short-lived").path("id").asText();

        JsonNode op = done(api().delete(DEVICES + "/devices/" + id));

        assertThat(op.path("metadata").path("@type").asText()).isEqualTo(TYPE + "DeleteDeviceMetadata");
        assertThat(op.path("metadata").path("deviceId").asText()).isEqualTo(id);
        assertThat(op.path("response").path("@type").asText()).isEqualTo(IotApi.EMPTY_TYPE);
        Problem.notFound(api().get(DEVICES + "/devices/" + id));
        Problem.notFound(api().delete(DEVICES + "/devices/" + id));
        assertThat(api().devicesIn(registryId)).isEmpty();
        assertThat(api().createDevice(registryId, "short-lived").path("id").asText()).isNotEqualTo(id);
    }
}

package iotcore.server.api;

import static iotcore.server.api.IotApi.DEVICES;
import static iotcore.server.api.IotApi.body;
import static iotcore.server.api.IotApi.done;
import static iotcore.server.api.IotApi.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Topic aliases: scenarios 8–12 (rules in iot-core.md §3.6). */
interface TopicAliasScenarios extends ApiFixture {

    private JsonNode aliasesOf(String deviceId) {
        return api().device(deviceId).path("topicAliases");
    }

    private Response setAliases(String deviceId, Map<String, String> aliases) {
        return api().patch(DEVICES + "/devices/" + deviceId, body("updateMask", "topicAliases", "topicAliases", aliases));
    }

    /** Alias conflicts are INVALID_ARGUMENT, or ALREADY_EXISTS for prefix conflicts (§3.6, inferred codes). */
    private static void assertAliasRejected(Response response) {
        if (response.status() == 409) {
            Problem.alreadyExists(response);
        } else {
            Problem.invalidField(response, "topicAliases");
        }
    }

    @Test
    default void idPlaceholderInAliasIsReplacedAndListedForTheRegistry() { // §8.8
        String registryId = api().newRegistry().path("id").asText();

        JsonNode device = api().createDevice(body("registryId", registryId, "name", "aliased",
                "topicAliases", Map.of("a/", "$devices/{id}/")));

        String id = device.path("id").asText();
        assertThat(device.path("topicAliases")).isEqualTo(ApiJson.tree(Map.of("a/", "$devices/" + id + "/")));
        assertThat(aliasesOf(id)).isEqualTo(ApiJson.tree(Map.of("a/", "$devices/" + id + "/")));
        assertThat(items(api().get(DEVICES + "/registries/" + registryId + ":listDeviceTopicAliases"), "aliases"))
                .containsExactly(ApiJson.tree(Map.of("deviceId", id, "topicPrefix", "$devices/" + id + "/", "alias", "a/")));
    }

    @Test
    default void sixthAliasIsRejectedAndTheDeviceKeepsFive() { // §8.9
        String registryId = api().newRegistry().path("id").asText();
        Map<String, String> five = new LinkedHashMap<>();
        for (int i = 1; i <= 5; i++) {
            five.put("al" + i + "/", "$devices/{id}/events/" + i);
        }
        String id = api().createDevice(body("registryId", registryId, "name", "five", "topicAliases", five))
                .path("id").asText();
        Map<String, String> six = new LinkedHashMap<>();
        aliasesOf(id).properties().forEach(e -> six.put(e.getKey(), e.getValue().asText()));
        six.put("al6/", "$devices/" + id + "/events/6");

        Problem.invalidField(setAliases(id, six), "topicAliases");

        assertThat(aliasesOf(id).size()).isEqualTo(5);
        assertThat(aliasesOf(id).has("al6/")).isFalse();
        Map<String, String> sixOnCreate = new LinkedHashMap<>(five);
        sixOnCreate.put("al6/", "$devices/{id}/events/6");
        Problem.invalidField(api().post(DEVICES + "/devices",
                body("registryId", registryId, "name", "six", "topicAliases", sixOnCreate)), "topicAliases");
        assertThat(api().devicesIn(registryId)).hasSize(1);
    }

    @Test
    default void aliasMustNotBeAPrefixOfAnotherAliasInTheRegistry() { // §8.10
        String registryId = api().newRegistry().path("id").asText();
        String first = api().createDevice(body("registryId", registryId, "name", "d1",
                "topicAliases", Map.of("my/alias/", "$devices/{id}/"))).path("id").asText();
        String second = api().createDevice(registryId, "d2").path("id").asText();

        for (String conflicting : new String[] {"my/", "my/alias/2/", "my/ali", "my/alias/"}) {
            assertAliasRejected(setAliases(second, Map.of(conflicting, "$devices/" + second + "/")));
            assertThat(aliasesOf(second).size()).as("after %s", conflicting).isZero();
        }
        assertAliasRejected(api().post(DEVICES + "/devices", body("registryId", registryId, "name", "d3",
                "topicAliases", Map.of("my/", "$devices/{id}/"))));
        assertAliasRejected(setAliases(first, Map.of("my/alias/", "$devices/" + first + "/",
                "my/alias/x/", "$devices/" + first + "/events/")));

        done(setAliases(second, Map.of("my/alias1/", "$devices/" + second + "/", "my/ali/", "$devices/" + second + "/events/")));
        assertThat(aliasesOf(second).size()).isEqualTo(2);
        done(setAliases(first, Map.of("my/alias/", "$devices/" + first + "/", "other/", "$devices/" + first + "/state/")));
        assertThat(aliasesOf(first).size()).as("re-saving its own aliases is no conflict").isEqualTo(2);
        assertThat(api().devicesIn(registryId)).hasSize(2);
    }

    @Test
    default void aliasMustTargetItsOwnDeviceAndNeverMonitoring() { // §8.11
        String registryId = api().newRegistry().path("id").asText();
        String first = api().createDevice(registryId, "d1").path("id").asText();
        String second = api().createDevice(registryId, "d2").path("id").asText();

        Problem.invalidField(setAliases(first, Map.of("x/", "$devices/" + second + "/events/")), "topicAliases");
        Problem.invalidField(setAliases(first, Map.of("mon", "$monitoring/" + first + "/json")), "topicAliases");
        Problem.invalidField(setAliases(first, Map.of("reg/", "$registries/" + registryId + "/")), "topicAliases");

        assertThat(aliasesOf(first).size()).isZero();
        assertThat(items(api().get(DEVICES + "/registries/" + registryId + ":listDeviceTopicAliases"), "aliases")).isEmpty();
    }

    @Test
    default void aliasUpdateReplacesTheWholeMap() { // §8.12
        String registryId = api().newRegistry().path("id").asText();
        String id = api().createDevice(body("registryId", registryId, "name", "d",
                "topicAliases", Map.of("a/", "$devices/{id}/events/", "b/", "$devices/{id}/state/"))).path("id").asText();

        done(setAliases(id, Map.of("c/", "$devices/" + id + "/commands/")));

        assertThat(aliasesOf(id)).isEqualTo(ApiJson.tree(Map.of("c/", "$devices/" + id + "/commands/")));
        assertThat(items(api().get(DEVICES + "/registries/" + registryId + ":listDeviceTopicAliases"), "aliases"))
                .extracting(alias -> alias.path("alias").asText()).containsExactly("c/");
    }

    @Test
    default void descriptionUpdateLeavesNameLabelsAndAliasesIntact() { // §8.12
        String registryId = api().newRegistry().path("id").asText();
        JsonNode device = api().createDevice(body("registryId", registryId, "name", "keep",
                "description", "old", "labels", Map.of("env", "prod"),
                "topicAliases", Map.of("k/", "$devices/{id}/events/")));
        String id = device.path("id").asText();

        JsonNode op = done(api().patch(DEVICES + "/devices/" + id, body("updateMask", "description", "description", "new")));

        assertThat(op.path("metadata").path("@type").asText()).isEqualTo(IotApi.TYPE + "UpdateDeviceMetadata");
        assertThat(op.path("metadata").path("deviceId").asText()).isEqualTo(id);
        JsonNode updated = api().device(id);
        assertThat(updated.path("description").asText()).isEqualTo("new");
        assertThat(updated.path("name")).isEqualTo(device.path("name"));
        assertThat(updated.path("labels")).isEqualTo(device.path("labels"));
        assertThat(updated.path("topicAliases")).isEqualTo(device.path("topicAliases"));
        assertThat(updated.path("registryId")).isEqualTo(device.path("registryId"));
        assertThat(updated.path("createdAt")).isEqualTo(device.path("createdAt"));
    }
}

package iotcore.server.api;

import static iotcore.server.api.IotApi.DEVICES;
import static iotcore.server.api.IotApi.body;
import static iotcore.server.api.IotApi.items;
import static iotcore.server.api.IotApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient;
import iotcore.testkit.ApiClient.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile and malformed requests: each answers a precise 4xx (never a 500 or a stack trace; see
 * {@link IotApi#sane}) and leaves stored data unchanged. Unknown JSON fields are rejected (a
 * project decision, unlike proto3 JSON parsing, which may ignore them).
 */
interface BadInputScenarios extends ApiFixture {

    String SQL = "x'; DROP TABLE registries; --";

    @Test
    default void malformedJsonIsRejectedAndNothingIsStored() {
        JsonNode registry = api().newRegistry();
        String folder = registry.path("folderId").asText();
        String id = registry.path("id").asText();

        for (String bad : List.of("{\"folderId\": \"" + folder + "\", \"name\": ", "{folderId: 1}", "not json", "{\"a\":1}}")) {
            Problem.invalidArgument(api().raw("POST", DEVICES + "/registries", bad));
            Problem.invalidArgument(api().raw("PATCH", DEVICES + "/registries/" + id, bad));
            Problem.invalidArgument(api().raw("POST", DEVICES + "/devices", bad));
        }

        assertThat(api().registriesIn(folder)).containsExactly(registry);
        assertThat(api().devicesIn(id)).isEmpty();
    }

    @Test
    default void jsonThatIsNotAnObjectIsRejected() {
        JsonNode registry = api().newRegistry();
        String id = registry.path("id").asText();

        for (String bad : List.of("[]", "[{\"name\": \"x\"}]", "\"text\"", "42", "null")) {
            Problem.invalidArgument(api().raw("POST", DEVICES + "/registries", bad));
            Problem.invalidArgument(api().raw("PATCH", DEVICES + "/registries/" + id, bad));
        }

        assertThat(api().registry(id)).isEqualTo(registry);
    }

    @Test
    default void wrongFieldTypesAreRejectedNamingTheField() {
        JsonNode registry = api().newRegistry();
        String folder = registry.path("folderId").asText();
        String id = registry.path("id").asText();

        Problem.invalidField(api().post(DEVICES + "/registries", body("folderId", folder, "name", "t", "labels", 5)), "labels");
        Problem.invalidField(api().post(DEVICES + "/registries", body("folderId", folder, "name", 12)), "name");
        Problem.invalidField(api().post(DEVICES + "/registries", body("folderId", folder, "name", "t",
                "labels", Map.of("env", 5))), "labels");
        Problem.invalidField(api().post(DEVICES + "/registries", body("folderId", folder, "name", "t",
                "description", List.of("a"))), "description");
        Problem.invalidField(api().post(DEVICES + "/registries", body("folderId", folder, "name", "t",
                "certificates", "pem")), "certificates");
        Problem.invalidField(api().patch(DEVICES + "/registries/" + id, body("updateMask", "labels", "labels", 5)), "labels");
        Problem.invalidField(api().patch(DEVICES + "/registries/" + id, body("updateMask", 7, "name", "n")), "updateMask");
        Problem.invalidField(api().post(DEVICES + "/devices", body("registryId", id, "name", "d", "topicAliases", List.of())),
                "topicAliases");
        Problem.invalidField(api().post(DEVICES + "/devices", body("registryId", id, "name", true)), "name");

        assertThat(api().registriesIn(folder)).containsExactly(registry);
        assertThat(api().devicesIn(id)).isEmpty();
    }

    @Test
    default void unknownFieldsAreRejectedNamingTheField() {
        JsonNode registry = api().newRegistry();
        String folder = registry.path("folderId").asText();
        String id = registry.path("id").asText();

        Problem.invalidField(api().post(DEVICES + "/registries", body("folderId", folder, "name", "u", "colour", "red")), "colour");
        Problem.invalidField(api().patch(DEVICES + "/registries/" + id, body("updateMask", "description",
                "description", "changed", "colour", "red")), "colour");
        Problem.invalidField(api().post(DEVICES + "/devices", body("registryId", id, "name", "u", "serialNumber", "42")),
                "serialNumber");
        Problem.invalidField(api().post(DEVICES + "/registries", body("folderId", folder, "name", "u",
                "logOptions", Map.of("folderId", "x", "verbose", true))), "verbose");

        assertThat(api().registriesIn(folder)).containsExactly(registry);
        assertThat(api().devicesIn(id)).isEmpty();
    }

    @Test
    default void bodyOverOneMebibyteIsPayloadTooLarge() {
        String folder = api().newFolder();

        Response response = api().post(DEVICES + "/registries",
                body("folderId", folder, "name", "big", "description", Names.repeat('a', 1024 * 1024 + 1)));

        Problem.expect(response, 413, Problem.INVALID_ARGUMENT);
        assertThat(api().registriesIn(folder)).isEmpty();
    }

    @Test
    default void unknownIdsAreNotFound() {
        String registryId = api().newRegistry().path("id").asText();
        String unknown = Names.unknownId();
        String fingerprint = "0123456789abcdef0123456789abcdef01234567";

        Problem.notFound(api().get(DEVICES + "/registries/" + unknown));
        Problem.notFound(api().patch(DEVICES + "/registries/" + unknown, body("updateMask", "description", "description", "x")));
        Problem.notFound(api().delete(DEVICES + "/registries/" + unknown));
        Problem.notFound(api().post(DEVICES + "/registries/" + unknown + ":disable", null));
        Problem.notFound(api().get(DEVICES + "/registries/" + unknown + "/certificates"));
        Problem.notFound(api().get(DEVICES + "/registries/" + unknown + "/passwords"));
        Problem.notFound(api().get(DEVICES + "/registries/" + unknown + "/operations"));
        Problem.notFound(api().get(DEVICES + "/registries/" + unknown + ":listDeviceTopicAliases"));
        Problem.notFound(api().get(DEVICES + "/devices?registryId=" + unknown));
        Problem.notFound(api().get(DEVICES + "/devices/" + unknown));
        Problem.notFound(api().patch(DEVICES + "/devices/" + unknown, body("updateMask", "description", "description", "x")));
        Problem.notFound(api().delete(DEVICES + "/devices/" + unknown));
        Problem.notFound(api().get(DEVICES + "/devices/" + unknown + "/certificates"));
        Problem.notFound(api().post(DEVICES + "/devices/" + unknown + "/passwords", body("password", "Passw0rdForDevice")));
        Problem.notFound(api().get(DEVICES + "/operations/" + unknown));
        Problem.notFound(api().delete(DEVICES + "/registries/" + registryId + "/certificates/" + fingerprint));
        Problem.notFound(api().delete(DEVICES + "/registries/" + registryId + "/passwords/" + unknown));
    }

    @Test
    default void overlongIdsAreInvalid() { // §4: ids and fingerprints in requests are at most 50 characters
        String tooLong = Names.repeat('a', 51);

        Problem.invalidArgument(api().get(DEVICES + "/registries/" + tooLong));
        Problem.invalidArgument(api().get(DEVICES + "/devices/" + tooLong));
        String registryId = api().newRegistry().path("id").asText();
        Problem.invalidArgument(api().delete(DEVICES + "/registries/" + registryId + "/certificates/" + tooLong));
    }

    @Test
    default void sqlLikeNameIsRejectedAndSqlLikeDescriptionIsStoredVerbatim() {
        String folder = api().newFolder();

        Problem.invalidField(api().post(DEVICES + "/registries", body("folderId", folder, "name", SQL)), "name");
        String unicode = "Привет, 世界 🌍 \"quoted\" \\ back\\slash <b>&amp;</b> %00 \t tab";
        JsonNode registry = api().createRegistry(body("folderId", folder, "name", "sql", "description", SQL));
        JsonNode device = api().createDevice(body("registryId", registry.path("id").asText(), "name", "sql",
                "description", unicode));

        assertThat(api().registry(registry.path("id").asText()).path("description").asText()).isEqualTo(SQL);
        assertThat(api().device(device.path("id").asText()).path("description").asText()).isEqualTo(unicode);
        assertThat(api().registriesIn(folder)).hasSize(1);
        Response byName = api().get(DEVICES + "/registries:getByName?folderId=" + q(folder) + "&registryName=" + q(SQL));
        assertThat(byName.status()).as("%s", byName).isIn(400, 404);
        Response injected = api().get(DEVICES + "/registries?folderId=" + q("' OR '1'='1"));
        assertThat(injected.status()).as("%s", injected).isBetween(400, 499);
        assertThat(injected.json().has("registries")).isFalse();
        assertThat(api().registriesIn(folder)).hasSize(1);
    }

    @Test
    default void tenThousandCharacterNamesAreRejected() {
        JsonNode registry = api().newRegistry();
        String huge = Names.repeat('n', 10_000);

        Problem.invalidField(api().post(DEVICES + "/registries", body("folderId", registry.path("folderId").asText(),
                "name", huge)), "name");
        Problem.invalidField(api().post(DEVICES + "/devices", body("registryId", registry.path("id").asText(),
                "name", huge)), "name");
        Problem.invalidField(api().patch(DEVICES + "/registries/" + registry.path("id").asText(),
                body("updateMask", "name", "name", huge)), "name");

        assertThat(api().registry(registry.path("id").asText())).isEqualTo(registry);
        assertThat(api().devicesIn(registry.path("id").asText())).isEmpty();
    }

    @Test
    default void invalidPageSizesAndTokensAreRejected() {
        JsonNode registry = api().newRegistry();
        String folder = q(registry.path("folderId").asText());
        String registryId = q(registry.path("id").asText());

        for (String size : List.of("-1", "1001", "abc", "1.5", "99999999999999999999")) {
            Problem.invalidField(api().get(DEVICES + "/registries?folderId=" + folder + "&pageSize=" + size), "pageSize");
            Problem.invalidField(api().get(DEVICES + "/devices?registryId=" + registryId + "&pageSize=" + size), "pageSize");
            Problem.invalidField(api().get(DEVICES + "/registries/" + registryId + "/operations?pageSize=" + size), "pageSize");
        }
        for (String token : List.of("garbage", "!!!", Names.repeat('A', 101))) {
            Problem.invalidField(api().get(DEVICES + "/registries?folderId=" + folder + "&pageToken=" + q(token)), "pageToken");
            Problem.invalidField(api().get(DEVICES + "/devices?registryId=" + registryId + "&pageToken=" + q(token)), "pageToken");
        }
        assertThat(items(api().get(DEVICES + "/registries?folderId=" + folder + "&pageSize=1000"), "registries")).hasSize(1);
        assertThat(items(api().get(DEVICES + "/registries?folderId=" + folder + "&pageSize=0"), "registries")).hasSize(1);
    }

    @Test
    default void unknownPathIsNotFoundAsJson() {
        for (String path : List.of(DEVICES + "/nothing", DEVICES + "/registries/x/unknown/deeper", "/nothing",
                "/iot-devices/v2/registries")) {
            Response response = api().get(path);
            Problem.notFound(response);
            assertThat(response.header("Content-Type")).as("%s", response).contains("application/json");
        }
    }

    @Test
    default void wrongMethodIsRejectedAsJson() {
        String id = api().newRegistry().path("id").asText();
        ApiClient client = api().client();

        for (Response response : List.of(
                IotApi.sane(client.send("PUT", DEVICES + "/registries/" + id, body("name", "x"))),
                IotApi.sane(client.delete(DEVICES + "/registries")),
                IotApi.sane(client.patch(DEVICES + "/operations/" + id, body())))) {
            assertThat(response.status()).as("%s", response).isIn(404, 405);
            assertThat(response.json().path("code").asInt()).as("%s", response).isIn(Problem.NOT_FOUND, 12);
            assertThat(response.json().path("message").asText()).as("%s", response).isNotBlank();
        }
        assertThat(api().registry(id).path("status").asText()).isEqualTo("ACTIVE");
    }
}

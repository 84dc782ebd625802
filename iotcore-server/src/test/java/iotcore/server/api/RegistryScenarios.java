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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registries: scenarios 1–4, 16, 19 and the update, status and listing rules of §5.3. */
interface RegistryScenarios extends ApiFixture {

    @Test
    default void createRegistryAnswersDoneOperationAndGetReturnsTheSameRegistry() { // §8.1
        String folder = api().newFolder();

        JsonNode op = done(api().createRegistryResponse(body("folderId", folder, "name", "reg-a")));

        assertThat(op.path("description").asText()).isNotBlank();
        assertThat(op.path("createdBy").asText()).isNotBlank();
        assertThat(Instant.parse(op.path("createdAt").asText())).isNotNull();
        assertThat(Instant.parse(op.path("modifiedAt").asText())).isNotNull();
        assertThat(op.path("metadata").path("@type").asText()).isEqualTo(TYPE + "CreateRegistryMetadata");
        String id = op.path("metadata").path("registryId").asText();
        assertThat(id).matches("[a-z0-9]{20}");
        JsonNode created = op.path("response");
        assertThat(created.path("@type").asText()).isEqualTo(TYPE + "Registry");
        assertThat(created.path("id").asText()).isEqualTo(id);
        assertThat(created.path("folderId").asText()).isEqualTo(folder);
        assertThat(created.path("name").asText()).isEqualTo("reg-a");
        assertThat(created.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(created.path("createdAt").asText()).endsWith("Z");
        assertThat(Instant.parse(created.path("createdAt").asText())).isNotNull();
        assertThat(api().registry(id)).isEqualTo(IotApi.withoutType(created));
    }

    @Test
    default void registryNameMustBeUniqueInFolder() { // §8.2
        String folder = api().newFolder();
        api().createRegistry(folder, "reg-a");

        Problem.alreadyExists(api().createRegistryResponse(body("folderId", folder, "name", "reg-a")));

        assertThat(api().registriesIn(folder)).hasSize(1);
        api().createRegistry(api().newFolder(), "reg-a"); // another folder may reuse the name
    }

    @Test
    default void registryNameAndDescriptionAreValidated() { // §8.3
        String folder = api().newFolder();

        Problem.invalidField(api().createRegistryResponse(body("folderId", folder, "name", "bad name!")), "name");
        Problem.invalidField(api().createRegistryResponse(
                body("folderId", folder, "name", "r51", "description", Names.repeat('d', 257))), "description");
        Problem.invalidField(api().createRegistryResponse(
                body("folderId", folder, "name", Names.repeat('n', 51))), "name");

        assertThat(api().registriesIn(folder)).isEmpty();
        api().createRegistry(body("folderId", folder, "name", Names.repeat('n', 50),
                "description", Names.repeat('d', 256)));
        api().createRegistry(body("folderId", folder, "name", "Mixed_Case-09"));
    }

    @Test
    default void registryLabelsAreValidated() { // §8.4
        String folder = api().newFolder();
        Map<String, String> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 65; i++) {
            tooMany.put("k" + i, "v");
        }

        Problem.invalidField(api().createRegistryResponse(body("folderId", folder, "name", "a", "labels", tooMany)), "labels");
        Problem.invalidField(api().createRegistryResponse(
                body("folderId", folder, "name", "b", "labels", Map.of("Env", "prod"))), "labels");
        Problem.invalidField(api().createRegistryResponse(
                body("folderId", folder, "name", "c", "labels", Map.of("env", "A!"))), "labels");
        Problem.invalidField(api().createRegistryResponse(
                body("folderId", folder, "name", "d", "labels", Map.of(Names.repeat('k', 64), "v"))), "labels");
        Problem.invalidField(api().createRegistryResponse(
                body("folderId", folder, "name", "e", "labels", Map.of("env", Names.repeat('v', 64)))), "labels");

        assertThat(api().registriesIn(folder)).isEmpty();
        tooMany.remove("k64");
        JsonNode ok = api().createRegistry(body("folderId", folder, "name", "ok", "labels", tooMany));
        assertThat(ok.path("labels").size()).isEqualTo(64);
        JsonNode edge = api().createRegistry(body("folderId", folder, "name", "edge",
                "labels", Map.of("k" + Names.repeat('-', 62), "a_0-" + Names.repeat('z', 59))));
        assertThat(api().registry(edge.path("id").asText()).path("labels"))
                .isEqualTo(IotApi.withoutType(edge).path("labels"));
    }

    @Test
    default void registryWithDevicesCannotBeDeleted() { // §8.16
        JsonNode registry = api().newRegistry();
        String id = registry.path("id").asText();
        JsonNode device = api().createDevice(id, "d1");

        Problem.expect(api().delete(DEVICES + "/registries/" + id), 400, Problem.FAILED_PRECONDITION);
        assertThat(api().registry(id).path("status").asText()).isEqualTo("ACTIVE");

        done(api().delete(DEVICES + "/devices/" + device.path("id").asText()));
        JsonNode op = done(api().delete(DEVICES + "/registries/" + id));
        assertThat(op.path("metadata").path("@type").asText()).isEqualTo(TYPE + "DeleteRegistryMetadata");
        assertThat(op.path("metadata").path("registryId").asText()).isEqualTo(id);
        assertThat(op.path("response").path("@type").asText()).isEqualTo(IotApi.EMPTY_TYPE);
        Problem.notFound(api().get(DEVICES + "/registries/" + id));
        assertThat(api().registriesIn(registry.path("folderId").asText())).isEmpty();
    }

    @Test
    default void registryGetByNameFindsItAndUnknownNameIsNotFound() { // §8.19
        String folder = api().newFolder();
        JsonNode registry = api().createRegistry(folder, "by-name");
        api().createRegistry(folder, "other");

        Response found = api().get(DEVICES + "/registries:getByName?folderId=" + q(folder) + "&registryName=by-name");

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json()).isEqualTo(registry);
        Problem.notFound(api().get(DEVICES + "/registries:getByName?folderId=" + q(folder) + "&registryName=nope"));
        Problem.notFound(api().get(DEVICES + "/registries:getByName?folderId=" + q(api().newFolder())
                + "&registryName=by-name"));
    }

    @Test
    default void registryUpdateChangesOnlyMaskedFieldsAndResetsMaskedAbsentOnes() { // §5.3 update semantics
        String folder = api().newFolder();
        String id = api().createRegistry(body("folderId", folder, "name", "upd", "description", "first",
                "labels", Map.of("env", "prod"))).path("id").asText();
        String path = DEVICES + "/registries/" + id;

        JsonNode op = done(api().patch(path, body("updateMask", "description", "description", "second",
                "name", "ignored")));
        assertThat(op.path("metadata").path("@type").asText()).isEqualTo(TYPE + "UpdateRegistryMetadata");
        assertThat(op.path("metadata").path("registryId").asText()).isEqualTo(id);
        JsonNode registry = api().registry(id);
        assertThat(registry.path("name").asText()).isEqualTo("upd");
        assertThat(registry.path("description").asText()).isEqualTo("second");
        assertThat(registry.path("labels")).isEqualTo(ApiJson.tree(Map.of("env", "prod")));
        assertThat(IotApi.withoutType(op.path("response"))).isEqualTo(registry);

        done(api().patch(path, body("updateMask", "labels")));
        registry = api().registry(id);
        assertThat(registry.has("labels")).as("masked absent labels are reset: %s", registry).isFalse();
        assertThat(registry.path("description").asText()).isEqualTo("second");

        done(api().patch(path, body("name", "renamed", "labels", Map.of("team", "a"))));
        registry = api().registry(id);
        assertThat(registry.path("name").asText()).isEqualTo("renamed");
        assertThat(registry.path("labels")).isEqualTo(ApiJson.tree(Map.of("team", "a")));
        assertThat(registry.has("description")).as("no mask overwrites every field: %s", registry).isFalse();
        assertThat(registry.path("folderId").asText()).isEqualTo(folder);
        assertThat(registry.path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    default void registryRenameToATakenNameIsAlreadyExists() {
        String folder = api().newFolder();
        api().createRegistry(folder, "taken");
        String id = api().createRegistry(folder, "free").path("id").asText();

        Problem.alreadyExists(api().patch(DEVICES + "/registries/" + id, body("updateMask", "name", "name", "taken")));

        assertThat(api().registry(id).path("name").asText()).isEqualTo("free");
    }

    @Test
    default void registryUpdateMaskWithUnknownFieldIsRejected() {
        JsonNode registry = api().newRegistry();
        String id = registry.path("id").asText();

        Problem.invalidArgument(api().patch(DEVICES + "/registries/" + id,
                body("updateMask", "colour", "description", "x")));

        assertThat(api().registry(id)).isEqualTo(registry);
    }

    @Test
    default void registryCanBeDisabledAndEnabled() {
        String id = api().newRegistry().path("id").asText();

        JsonNode disabled = done(api().post(DEVICES + "/registries/" + id + ":disable", null));
        assertThat(disabled.path("metadata").path("@type").asText()).isEqualTo(TYPE + "DisableRegistryMetadata");
        assertThat(disabled.path("response").path("status").asText()).isEqualTo("DISABLED");
        assertThat(api().registry(id).path("status").asText()).isEqualTo("DISABLED");

        JsonNode enabled = done(api().post(DEVICES + "/registries/" + id + ":enable", null));
        assertThat(enabled.path("metadata").path("@type").asText()).isEqualTo(TYPE + "EnableRegistryMetadata");
        assertThat(api().registry(id).path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    default void registryListIsPagedAndLimitedToTheFolder() {
        String folder = api().newFolder();
        List<String> created = List.of(
                api().createRegistry(folder, "p1").path("id").asText(),
                api().createRegistry(folder, "p2").path("id").asText(),
                api().createRegistry(folder, "p3").path("id").asText());
        api().createRegistry(api().newFolder(), "p1");

        Response first = api().get(DEVICES + "/registries?folderId=" + q(folder) + "&pageSize=2");
        List<JsonNode> page1 = items(first, "registries");
        String token = first.path("nextPageToken").asText();
        assertThat(page1).hasSize(2);
        assertThat(token).isNotEmpty();
        Response second = api().get(DEVICES + "/registries?folderId=" + q(folder) + "&pageSize=2&pageToken=" + q(token));
        List<JsonNode> page2 = items(second, "registries");
        assertThat(page2).hasSize(1);
        assertThat(second.path("nextPageToken").asText()).isEmpty();
        assertThat(ids(page1, "id")).doesNotContainAnyElementsOf(ids(page2, "id"));
        assertThat(ids(List.of(page1.get(0), page1.get(1), page2.get(0)), "id"))
                .containsExactlyInAnyOrderElementsOf(created);
        assertThat(api().registriesIn(folder)).allSatisfy(r -> assertThat(r.path("folderId").asText()).isEqualTo(folder));
        Problem.invalidField(api().get(DEVICES + "/registries"), "folderId");
    }

    @Test
    default void registryLogOptionsAreStoredAndNeedExactlyOneDestination() {
        String folder = api().newFolder();
        Map<String, Object> logOptions = Map.of("folderId", "log-folder", "minLevel", "WARN");

        JsonNode registry = api().createRegistry(body("folderId", folder, "name", "logs", "logOptions", logOptions));

        assertThat(api().registry(registry.path("id").asText()).path("logOptions"))
                .isEqualTo(ApiJson.tree(logOptions));
        Problem.invalidField(api().createRegistryResponse(body("folderId", folder, "name", "both",
                "logOptions", Map.of("folderId", "a", "logGroupId", "b"))), "logOptions");
        Problem.invalidField(api().createRegistryResponse(body("folderId", folder, "name", "lvl",
                "logOptions", Map.of("folderId", "a", "minLevel", "LOUD"))), "minLevel");
    }
}

package iotcore.server.api;

import static iotcore.server.api.IotApi.ADMIN;
import static iotcore.server.api.IotApi.DEVICES;
import static iotcore.server.api.IotApi.body;
import static iotcore.server.api.IotApi.done;
import static iotcore.server.api.IotApi.items;
import static iotcore.server.api.IotApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient;
import iotcore.testkit.TestPki;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bearer tokens, roles and folder scope (rest-api.md "Authentication and roles", decisions §8). */
interface AuthScenarios extends ApiFixture {

    @Test
    default void requestWithoutTokenIsUnauthenticated() {
        String folder = api().newFolder();
        IotApi anonymous = api().as(null);

        Problem.unauthenticated(anonymous.get(DEVICES + "/registries?folderId=" + q(folder)));
        Problem.unauthenticated(anonymous.post(DEVICES + "/registries", body("folderId", folder, "name", "x")));
        Problem.unauthenticated(anonymous.get(ADMIN + "/folders"));
        Problem.unauthenticated(IotApi.sane(anonymous.client().withToken("").get(DEVICES + "/registries?folderId=" + q(folder))));
        ApiClient basic = api().client().withAuthorization("Basic YWRtaW46YWRtaW4=");
        Problem.unauthenticated(IotApi.sane(basic.get(DEVICES + "/registries?folderId=" + q(folder))));
        ApiClient adminTokenAsBasic = api().client().withAuthorization("Basic " + api().client().token());
        Problem.unauthenticated(IotApi.sane(adminTokenAsBasic.get(DEVICES + "/registries?folderId=" + q(folder))));
        assertThat(api().registriesIn(folder)).isEmpty();
    }

    @Test
    default void unknownTokenIsUnauthenticated() {
        String folder = api().newFolder();
        IotApi stranger = api().as("not-a-token-" + Names.unknownId());

        Problem.unauthenticated(stranger.get(DEVICES + "/registries?folderId=" + q(folder)));
        Problem.unauthenticated(stranger.post(DEVICES + "/registries", body("folderId", folder, "name", "x")));
        Problem.unauthenticated(api().as(api().client().token() + "x").get(DEVICES + "/registries?folderId=" + q(folder)));
        assertThat(api().registriesIn(folder)).isEmpty();
    }

    @Test
    default void viewerCanReadButEveryMutationIsDenied() {
        JsonNode registry = api().newRegistry();
        String registryId = registry.path("id").asText();
        String folder = registry.path("folderId").asText();
        JsonNode device = api().createDevice(registryId, "seen");
        String deviceId = device.path("id").asText();
        IotApi viewer = api().as(api().newToken("viewer", null).path("token").asText());
        String pem = TestPki.selfSigned("viewer").certificatePem();

        assertThat(viewer.registry(registryId)).isEqualTo(registry);
        assertThat(viewer.registriesIn(folder)).hasSize(1);
        assertThat(viewer.device(deviceId)).isEqualTo(device);
        assertThat(viewer.devicesIn(registryId)).hasSize(1);
        assertThat(items(viewer.get(DEVICES + "/devices/" + deviceId + "/certificates"), "certificates")).isEmpty();
        assertThat(items(viewer.get(DEVICES + "/registries/" + registryId + "/passwords"), "passwords")).isEmpty();
        assertThat(items(viewer.get(DEVICES + "/registries/" + registryId + "/operations"), "operations")).isNotEmpty();

        Problem.permissionDenied(viewer.post(DEVICES + "/registries", body("folderId", folder, "name", "v")));
        Problem.permissionDenied(viewer.patch(DEVICES + "/registries/" + registryId, body("updateMask", "description", "description", "v")));
        Problem.permissionDenied(viewer.delete(DEVICES + "/registries/" + registryId));
        Problem.permissionDenied(viewer.post(DEVICES + "/registries/" + registryId + ":disable", null));
        Problem.permissionDenied(viewer.post(DEVICES + "/registries/" + registryId + "/certificates", body("certificateData", pem)));
        Problem.permissionDenied(viewer.post(DEVICES + "/registries/" + registryId + "/passwords", body("password", "Registry-Secret-42")));
        Problem.permissionDenied(viewer.post(DEVICES + "/devices", body("registryId", registryId, "name", "v")));
        Problem.permissionDenied(viewer.patch(DEVICES + "/devices/" + deviceId, body("updateMask", "description", "description", "v")));
        Problem.permissionDenied(viewer.delete(DEVICES + "/devices/" + deviceId));
        Problem.permissionDenied(viewer.post(DEVICES + "/devices/" + deviceId + "/certificates", body("certificateData", pem)));
        Problem.permissionDenied(viewer.post(DEVICES + "/devices/" + deviceId + "/passwords", body("password", "Passw0rdForDevice")));
        Problem.permissionDenied(viewer.post(ADMIN + "/folders", body("id", Names.unique("v"))));
        Problem.permissionDenied(viewer.post(ADMIN + "/tokens", body("role", "admin")));
        Problem.permissionDenied(viewer.get(ADMIN + "/tokens"));

        assertThat(api().registry(registryId)).isEqualTo(registry);
        assertThat(api().device(deviceId)).isEqualTo(device);
        assertThat(api().registriesIn(folder)).hasSize(1);
        assertThat(api().devicesIn(registryId)).hasSize(1);
        assertThat(items(api().get(DEVICES + "/devices/" + deviceId + "/certificates"), "certificates")).isEmpty();
        assertThat(items(api().get(DEVICES + "/devices/" + deviceId + "/passwords"), "passwords")).isEmpty();
    }

    @Test
    default void editorChangesRegistriesButCannotAdministerFoldersOrTokens() {
        String folder = api().newFolder();
        IotApi editor = api().as(api().newToken("editor", null).path("token").asText());

        String registryId = editor.createRegistry(folder, "by-editor").path("id").asText();
        editor.createDevice(registryId, "d");
        done(editor.patch(DEVICES + "/registries/" + registryId, body("updateMask", "description", "description", "e")));

        Problem.permissionDenied(editor.post(ADMIN + "/folders", body("id", Names.unique("e"))));
        Problem.permissionDenied(editor.get(ADMIN + "/tokens"));
        Problem.permissionDenied(editor.post(ADMIN + "/tokens", body("role", "admin")));
    }

    @Test
    default void dataPlaneRolesCannotUseTheManagementApi() {
        JsonNode registry = api().newRegistry();
        for (String role : List.of("devices.writer", "registries.writer")) {
            IotApi writer = api().as(api().newToken(role, null).path("token").asText());

            Problem.permissionDenied(writer.get(DEVICES + "/registries/" + registry.path("id").asText()));
            Problem.permissionDenied(writer.post(DEVICES + "/registries",
                    body("folderId", registry.path("folderId").asText(), "name", "w")));
        }
        assertThat(api().registriesIn(registry.path("folderId").asText())).hasSize(1);
    }

    @Test
    default void folderScopedTokenWorksOnlyInItsFolder() {
        String folderA = api().newFolder();
        String folderB = api().newFolder();
        JsonNode registryB = api().createRegistry(folderB, "in-b");
        String registryBId = registryB.path("id").asText();
        String deviceBId = api().createDevice(registryBId, "dev-b").path("id").asText();
        JsonNode token = api().newToken("editor", folderA);
        assertThat(token.path("folderId").asText()).isEqualTo(folderA);
        IotApi scoped = api().as(token.path("token").asText());

        String registryAId = scoped.createRegistry(folderA, "in-a").path("id").asText();
        assertThat(scoped.registriesIn(folderA)).hasSize(1);
        assertThat(scoped.registry(registryAId).path("folderId").asText()).isEqualTo(folderA);
        String deviceAId = scoped.createDevice(registryAId, "dev-a").path("id").asText();
        assertThat(items(scoped.get(DEVICES + "/devices?folderId=" + q(folderA)), "devices")).hasSize(1);
        assertThat(scoped.device(deviceAId).path("registryId").asText()).isEqualTo(registryAId);

        Problem.permissionDenied(scoped.get(DEVICES + "/registries?folderId=" + q(folderB)));
        Problem.permissionDenied(scoped.get(DEVICES + "/registries/" + registryBId));
        Problem.permissionDenied(scoped.get(DEVICES + "/registries:getByName?folderId=" + q(folderB) + "&registryName=in-b"));
        Problem.permissionDenied(scoped.post(DEVICES + "/registries", body("folderId", folderB, "name", "sneaky")));
        Problem.permissionDenied(scoped.patch(DEVICES + "/registries/" + registryBId, body("updateMask", "description", "description", "x")));
        Problem.permissionDenied(scoped.delete(DEVICES + "/devices/" + deviceBId));
        Problem.permissionDenied(scoped.get(DEVICES + "/devices/" + deviceBId));
        Problem.permissionDenied(scoped.get(DEVICES + "/devices?registryId=" + q(registryBId)));
        Problem.permissionDenied(scoped.get(DEVICES + "/devices?folderId=" + q(folderB)));
        Problem.permissionDenied(scoped.post(DEVICES + "/devices", body("registryId", registryBId, "name", "sneaky")));
        Problem.permissionDenied(scoped.get(DEVICES + "/registries/" + registryBId + "/operations"));

        assertThat(api().registriesIn(folderB)).containsExactly(registryB);
        assertThat(api().devicesIn(registryBId)).hasSize(1);
    }

    @Test
    default void tokenSecretIsShownOnceAndADeletedTokenNoLongerWorks() {
        String folder = api().newFolder();
        JsonNode created = api().newToken("viewer", folder);
        String secret = created.path("token").asText();
        String tokenId = created.path("id").asText();
        assertThat(created.path("role").asText()).isEqualTo("viewer");
        assertThat(created.path("createdAt").asText()).isNotBlank();

        var list = api().get(ADMIN + "/tokens");
        assertThat(items(list, "tokens")).anySatisfy(t -> {
            assertThat(t.path("id").asText()).isEqualTo(tokenId);
            assertThat(t.path("role").asText()).isEqualTo("viewer");
            assertThat(t.path("folderId").asText()).isEqualTo(folder);
            assertThat(t.has("token")).isFalse();
        });
        assertThat(list.text()).doesNotContain(secret);
        assertThat(api().as(secret).registriesIn(folder)).isEmpty();

        assertThat(api().delete(ADMIN + "/tokens/" + tokenId).status()).isBetween(200, 204);

        Problem.unauthenticated(api().as(secret).get(DEVICES + "/registries?folderId=" + q(folder)));
        assertThat(items(api().get(ADMIN + "/tokens"), "tokens")).noneSatisfy(
                t -> assertThat(t.path("id").asText()).isEqualTo(tokenId));
        Problem.notFound(api().delete(ADMIN + "/tokens/" + tokenId));
    }

    @Test
    default void tokenRoleAndFolderAreValidated() {
        Problem.invalidField(api().post(ADMIN + "/tokens", body("role", "superuser")), "role");
        Problem.invalidField(api().post(ADMIN + "/tokens", body("description", "no role")), "role");
        var missingFolder = api().post(ADMIN + "/tokens", body("role", "viewer", "folderId", Names.unique("missing")));
        if (missingFolder.status() == 404) { // the contract leaves open whether an unknown folder is 404 or 400
            Problem.notFound(missingFolder);
        } else {
            Problem.invalidField(missingFolder, "folderId");
        }
    }

    @Test
    default void foldersAreValidatedUniqueAndListed() {
        String id = api().newFolder();

        Problem.alreadyExists(api().post(ADMIN + "/folders", body("id", id)));
        Problem.invalidField(api().post(ADMIN + "/folders", body("id", "Bad_Folder")), "id");
        Problem.invalidField(api().post(ADMIN + "/folders", body("id", "1starts-with-digit")), "id");
        Problem.invalidField(api().post(ADMIN + "/folders", body("id", "f" + Names.repeat('x', 50))), "id");
        Problem.invalidField(api().post(ADMIN + "/folders", body("description", "no id")), "id");

        assertThat(items(api().get(ADMIN + "/folders"), "folders"))
                .extracting(f -> f.path("id").asText()).contains(id, "default").doesNotContain("Bad_Folder");
    }

    @Test
    default void defaultFolderExists() {
        JsonNode registry = api().createRegistry(Map.of("folderId", "default", "name", Names.unique("in-default")));
        assertThat(registry.path("folderId").asText()).isEqualTo("default");
    }
}

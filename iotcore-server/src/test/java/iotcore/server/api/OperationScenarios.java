package iotcore.server.api;

import static iotcore.server.api.IotApi.DEVICES;
import static iotcore.server.api.IotApi.body;
import static iotcore.server.api.IotApi.done;
import static iotcore.server.api.IotApi.items;
import static iotcore.server.api.IotApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient.Response;
import iotcore.testkit.TestPki;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operations: scenario 54 and {@code GET /operations/{id}}. */
interface OperationScenarios extends ApiFixture {

    /** Every page of {@code path} (which has no query yet), pageSize 2. */
    private List<JsonNode> allOperations(String path) {
        List<JsonNode> all = new ArrayList<>();
        String token = "";
        for (int page = 0; page < 50; page++) {
            Response response = api().get(path + "?pageSize=2" + (token.isEmpty() ? "" : "&pageToken=" + q(token)));
            List<JsonNode> operations = items(response, "operations");
            assertThat(operations.size()).isLessThanOrEqualTo(2);
            all.addAll(operations);
            token = response.path("nextPageToken").asText();
            if (token.isEmpty()) {
                return all;
            }
        }
        throw new AssertionError("more than 50 pages of operations at " + path);
    }

    private static void assertListed(List<JsonNode> listed, JsonNode op) {
        assertThat(listed).as("operation %s (%s) is listed", op.path("id").asText(), op.path("description").asText())
                .anySatisfy(entry -> {
                    assertThat(entry.path("id").asText()).isEqualTo(op.path("id").asText());
                    assertThat(entry.path("description").asText()).isEqualTo(op.path("description").asText());
                    assertThat(entry.path("done").asBoolean()).isTrue();
                });
    }

    @Test
    default void everyRegistryMutationIsListedInItsOperations() { // §8.54
        String folder = api().newFolder();
        JsonNode create = done(api().createRegistryResponse(body("folderId", folder, "name", "ops")));
        String id = create.path("metadata").path("registryId").asText();
        String base = DEVICES + "/registries/" + id;
        String pem = TestPki.selfSigned("ops").certificatePem();
        JsonNode addCert = done(api().post(base + "/certificates", body("certificateData", pem)));
        String fingerprint = addCert.path("metadata").path("fingerprint").asText();

        List<JsonNode> mutations = new ArrayList<>(List.of(
                create,
                addCert,
                done(api().patch(base, body("updateMask", "description", "description", "changed"))),
                done(api().post(base + ":disable", null)),
                done(api().post(base + ":enable", null)),
                done(api().delete(base + "/certificates/" + fingerprint))));
        JsonNode password = done(api().post(base + "/passwords", body("password", "Registry-Secret-42")));
        mutations.add(password);
        mutations.add(done(api().delete(base + "/passwords/" + password.path("metadata").path("passwordId").asText())));

        List<JsonNode> listed = allOperations(base + "/operations");
        for (JsonNode op : mutations) {
            assertListed(listed, op);
        }
        assertThat(listed.stream().map(op -> op.path("description").asText()).distinct().count())
                .as("create, update, disable, enable, certificate and password operations are told apart")
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    default void everyDeviceMutationIsListedInItsOperations() { // §8.54
        String registryId = api().newRegistry().path("id").asText();
        JsonNode create = done(api().post(DEVICES + "/devices", body("registryId", registryId, "name", "ops")));
        String id = create.path("metadata").path("deviceId").asText();
        String base = DEVICES + "/devices/" + id;
        String pem = TestPki.selfSigned("ops").certificatePem();
        JsonNode addCert = done(api().post(base + "/certificates", body("certificateData", pem)));

        List<JsonNode> mutations = List.of(
                create,
                done(api().patch(base, body("updateMask", "labels", "labels", Map.of("a", "b")))),
                addCert,
                done(api().delete(base + "/certificates/" + addCert.path("metadata").path("fingerprint").asText())),
                done(api().post(base + "/passwords", body("password", CredentialScenarios.STRONG_PASSWORD))));

        List<JsonNode> listed = allOperations(base + "/operations");
        for (JsonNode op : mutations) {
            assertListed(listed, op);
        }
    }

    @Test
    default void operationCanBeFetchedByIdEvenAfterItsResourceIsDeleted() { // §5.2, §8.54 for deletes
        String registryId = api().newRegistry().path("id").asText();
        String deviceId = api().createDevice(registryId, "gone").path("id").asText();
        JsonNode deleteDevice = done(api().delete(DEVICES + "/devices/" + deviceId));
        JsonNode deleteRegistry = done(api().delete(DEVICES + "/registries/" + registryId));

        for (JsonNode op : List.of(deleteDevice, deleteRegistry)) {
            Response fetched = api().get(DEVICES + "/operations/" + op.path("id").asText());
            assertThat(fetched.status()).as("%s", fetched).isEqualTo(200);
            assertThat(fetched.json()).isEqualTo(op);
        }
        Problem.notFound(api().get(DEVICES + "/operations/" + Names.unknownId()));
    }
}

package iotcore.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient;
import iotcore.testkit.ApiClient.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The management API as the acceptance tests use it. Every answer passes a sanity check first:
 * never a 500, never a Java stack trace or exception class name in the body. Creation helpers
 * assert success and return the created resource.
 */
final class IotApi {

    static final String DEVICES = "/iot-devices/v1";
    static final String ADMIN = "/iotcore/v1";
    static final String TYPE = "type.googleapis.com/yandex.cloud.iot.devices.v1.";
    static final String EMPTY_TYPE = "type.googleapis.com/google.protobuf.Empty";

    /** Things only a leaked Java exception would print. */
    private static final Pattern JAVA_LEAK = Pattern.compile(
            "Exception\\b|\\bat [a-zA-Z_$][\\w$]*(\\.[\\w$]+)+\\(|\\b(java|javax|jakarta|sun|com\\.fasterxml|org\\.eclipse"
                    + "|org\\.h2|org\\.postgresql|org\\.flywaydb|com\\.zaxxer|io\\.javalin|io\\.netty|iotcore)\\.[a-z]");

    private final ApiClient client;

    IotApi(ApiClient client) {
        this.client = client;
    }

    /** The same server with another bearer token ({@code null}: none). */
    IotApi as(String token) {
        return new IotApi(client.withToken(token));
    }

    ApiClient client() {
        return client;
    }

    Response get(String path) {
        return sane(client.get(path));
    }

    Response post(String path, Object body) {
        return sane(client.post(path, body));
    }

    Response patch(String path, Object body) {
        return sane(client.patch(path, body));
    }

    Response delete(String path) {
        return sane(client.delete(path));
    }

    Response raw(String method, String path, String body) {
        return sane(client.sendRaw(method, path, "application/json", body));
    }

    static Response sane(Response response) {
        assertThat(response.status()).as("no 5xx: %s", response).isLessThan(500);
        assertThat(JAVA_LEAK.matcher(response.text()).find())
                .as("answer must not leak Java internals: %s", response).isFalse();
        return response;
    }

    // --- bodies and queries ---------------------------------------------------------------------

    /** A JSON object from alternating keys and values (values may be null). */
    static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }

    static String q(String value) {
        return ApiClient.encode(value);
    }

    /** The array field of a list answer; an omitted (empty) array is an empty list. */
    static List<JsonNode> items(Response response, String field) {
        assertThat(response.status()).as("list answer: %s", response).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        response.json().path(field).forEach(items::add);
        assertThat(response.json().path(field).isMissingNode() || response.json().path(field).isArray())
                .as("%s must be an array: %s", field, response).isTrue();
        return items;
    }

    static List<String> ids(List<JsonNode> items, String idField) {
        return items.stream().map(item -> item.path(idField).asText()).toList();
    }

    // --- operations -------------------------------------------------------------------------------

    /** Asserts a completed, successful Operation and returns it. */
    static JsonNode done(Response response) {
        assertThat(response.status()).as("operation answer: %s", response).isEqualTo(200);
        JsonNode op = response.json();
        assertThat(op.path("done").asBoolean()).as("done=true: %s", response).isTrue();
        assertThat(op.has("error")).as("no error: %s", response).isFalse();
        assertThat(op.path("id").asText()).as("operation id: %s", response).isNotBlank();
        assertThat(op.path("response").isObject()).as("response object: %s", response).isTrue();
        assertThat(op.path("metadata").path("@type").asText()).as("metadata @type: %s", response)
                .startsWith("type.googleapis.com/");
        return op;
    }

    // --- creation helpers -------------------------------------------------------------------------

    /** Creates a folder with a unique id through the administration API. */
    String newFolder() {
        String id = Names.unique("f");
        Response response = post(ADMIN + "/folders", body("id", id, "description", "acceptance test"));
        assertThat(response.status()).as("create folder: %s", response).isBetween(200, 201);
        assertThat(response.path("id").asText()).isEqualTo(id);
        return id;
    }

    /** Creates a token and returns the whole answer (including {@code token}, the secret). */
    JsonNode newToken(String role, String folderId) {
        Response response = post(ADMIN + "/tokens",
                body("role", role, "folderId", folderId, "description", "acceptance test " + role));
        assertThat(response.status()).as("create token: %s", response).isBetween(200, 201);
        assertThat(response.path("token").asText()).as("token secret: %s", response).isNotBlank();
        return response.json();
    }

    Response createRegistryResponse(Map<String, Object> body) {
        return post(DEVICES + "/registries", body);
    }

    /** Creates a registry and returns it (the Operation's response, without {@code @type}). */
    JsonNode createRegistry(Map<String, Object> body) {
        JsonNode op = done(createRegistryResponse(body));
        return withoutType(op.path("response"));
    }

    JsonNode createRegistry(String folderId, String name) {
        return createRegistry(body("folderId", folderId, "name", name));
    }

    /** A registry with a unique name in a new folder. */
    JsonNode newRegistry() {
        return createRegistry(newFolder(), Names.unique("reg"));
    }

    JsonNode createDevice(Map<String, Object> body) {
        JsonNode op = done(post(DEVICES + "/devices", body));
        return withoutType(op.path("response"));
    }

    JsonNode createDevice(String registryId, String name) {
        return createDevice(body("registryId", registryId, "name", name));
    }

    JsonNode registry(String id) {
        Response response = get(DEVICES + "/registries/" + id);
        assertThat(response.status()).as("get registry: %s", response).isEqualTo(200);
        return response.json();
    }

    JsonNode device(String id) {
        Response response = get(DEVICES + "/devices/" + id);
        assertThat(response.status()).as("get device: %s", response).isEqualTo(200);
        return response.json();
    }

    List<JsonNode> registriesIn(String folderId) {
        return items(get(DEVICES + "/registries?folderId=" + q(folderId) + "&pageSize=1000"), "registries");
    }

    List<JsonNode> devicesIn(String registryId) {
        return items(get(DEVICES + "/devices?registryId=" + q(registryId) + "&pageSize=1000"), "devices");
    }

    static JsonNode withoutType(JsonNode node) {
        JsonNode copy = node.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("@type");
        return copy;
    }
}

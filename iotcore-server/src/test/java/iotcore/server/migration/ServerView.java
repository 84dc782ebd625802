package iotcore.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.testkit.ApiClient;
import iotcore.testkit.ApiClient.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * What a server holds, read through the public REST API ({@code /iot-devices/v1} and the admin API)
 * with the admin token: never through the import/export endpoints under test. Lists are read to the
 * last page; per-device reads run a few at a time.
 */
final class ServerView {

    static final String DEVICES = "/iot-devices/v1";
    static final String ADMIN = "/iotcore/v1";

    private final ApiClient api;

    ServerView(ApiClient api) {
        this.api = api;
    }

    ApiClient api() {
        return api;
    }

    List<String> folderIds() {
        Response response = ok(api.get(ADMIN + "/folders"));
        List<String> ids = new ArrayList<>();
        response.path("folders").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }

    List<JsonNode> registries(String folderId) {
        return pages(DEVICES + "/registries?folderId=" + ApiClient.encode(folderId), "registries");
    }

    List<JsonNode> devices(String registryId) {
        return pages(DEVICES + "/devices?registryId=" + registryId, "devices");
    }

    List<JsonNode> aliases(String registryId) {
        return pages(DEVICES + "/registries/" + registryId + ":listDeviceTopicAliases?", "aliases");
    }

    List<JsonNode> registryCertificates(String registryId) {
        return list(ok(api.get(DEVICES + "/registries/" + registryId + "/certificates")).path("certificates"));
    }

    List<JsonNode> deviceCertificates(String deviceId) {
        return list(ok(api.get(DEVICES + "/devices/" + deviceId + "/certificates")).path("certificates"));
    }

    List<JsonNode> devicePasswords(String deviceId) {
        return list(ok(api.get(DEVICES + "/devices/" + deviceId + "/passwords")).path("passwords"));
    }

    /** GET of one registry: 200 with the registry, or 404. */
    Response registry(String registryId) {
        return sane(api.get(DEVICES + "/registries/" + registryId));
    }

    Response device(String deviceId) {
        return sane(api.get(DEVICES + "/devices/" + deviceId));
    }

    boolean registryExists(String registryId) {
        return exists(registry(registryId));
    }

    boolean deviceExists(String deviceId) {
        return exists(device(deviceId));
    }

    /** The certificates of each device, keyed by device ID (read 8 at a time). */
    Map<String, List<JsonNode>> deviceCertificates(List<String> deviceIds) {
        return readAll(deviceIds, this::deviceCertificates);
    }

    /**
     * Everything in one folder as one JSON document, sorted so that two servers holding the same
     * resources give equal documents: registries by id, each with its certificates, aliases and devices
     * (each with its certificates).
     */
    JsonNode folderSnapshot(String folderId) {
        ArrayNode registries = ApiClient.JSON.createArrayNode();
        for (JsonNode registry : sorted(registries(folderId), "id")) {
            String registryId = registry.path("id").asText();
            ObjectNode entry = ((ObjectNode) registry.deepCopy());
            entry.set("certificates", array(sorted(registryCertificates(registryId), "fingerprint")));
            entry.set("aliases", array(sorted(aliases(registryId), "alias")));
            List<JsonNode> devices = sorted(devices(registryId), "id");
            Map<String, List<JsonNode>> certificates =
                    deviceCertificates(devices.stream().map(d -> d.path("id").asText()).toList());
            ArrayNode deviceArray = ApiClient.JSON.createArrayNode();
            for (JsonNode device : devices) {
                ObjectNode d = (ObjectNode) device.deepCopy();
                d.set("certificates", array(sorted(certificates.get(device.path("id").asText()), "fingerprint")));
                deviceArray.add(d);
            }
            entry.set("devices", deviceArray);
            registries.add(entry);
        }
        return registries;
    }

    private <T> Map<String, T> readAll(List<String> ids, Function<String, T> read) {
        Map<String, T> result = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            Map<String, Future<T>> futures = new LinkedHashMap<>();
            ids.forEach(id -> futures.put(id, pool.submit(() -> read.apply(id))));
            for (Map.Entry<String, Future<T>> e : futures.entrySet()) {
                result.put(e.getKey(), e.getValue().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
        return result;
    }

    private List<JsonNode> pages(String path, String field) {
        List<JsonNode> all = new ArrayList<>();
        String token = "";
        String separator = path.endsWith("?") ? "" : "&";
        do {
            Response response = ok(api.get(path + separator + "pageSize=1000"
                    + (token.isEmpty() ? "" : "&pageToken=" + ApiClient.encode(token))));
            all.addAll(list(response.path(field)));
            token = response.path("nextPageToken").asText("");
        } while (!token.isEmpty());
        return all;
    }

    private static List<JsonNode> sorted(List<JsonNode> nodes, String key) {
        return nodes.stream().sorted(Comparator.comparing((JsonNode n) -> n.path(key).asText())).toList();
    }

    private static ArrayNode array(List<JsonNode> nodes) {
        ArrayNode array = ApiClient.JSON.createArrayNode();
        nodes.forEach(array::add);
        return array;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static boolean exists(Response response) {
        assertThat(response.status()).as("200 or 404: %s", response).isIn(200, 404);
        return response.status() == 200;
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response;
    }

    private static Response sane(Response response) {
        assertThat(response.status()).as("no 5xx: %s", response).isLessThan(500);
        return response;
    }
}

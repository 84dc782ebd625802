package iotcore.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.UserException;
import iotcore.cli.client.ApiClient;
import iotcore.cli.client.ApiException;
import iotcore.cli.client.Ids;
import iotcore.cli.client.Pages;
import iotcore.cli.registry.RegistryOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a device by id, or by name. A device name is unique only within its registry, so a name is looked up
 * in the given registry; without one the folder is searched and the name must be unique there.
 */
public final class Devices {

    public static final String PATH = "/iot-devices/v1/devices";

    private Devices() {
    }

    public static String path(String deviceId) {
        return PATH + "/" + ApiClient.segment(deviceId);
    }

    static JsonNode byId(ApiClient api, String id, String view) {
        return api.get(path(id), view(view));
    }

    static JsonNode find(ApiClient api, String folderId, RegistryOptions registry, Ref ref, String view) {
        int given = (ref.positional() != null ? 1 : 0) + (ref.id() != null ? 1 : 0) + (ref.name() != null ? 1 : 0);
        if (given != 1) {
            throw new UserException((given == 0 ? "which device? " : "give the device only once: ")
                    + "give NAME|ID or one of " + ref.flags());
        }
        if (ref.id() != null) {
            return byId(api, ref.id(), view);
        }
        if (ref.name() != null) {
            return byName(api, folderId, registry, ref.name(), view);
        }
        if (Ids.looksLikeId(ref.positional())) {
            try {
                return byId(api, ref.positional(), view);
            } catch (ApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
        return byName(api, folderId, registry, ref.positional(), view);
    }

    private static JsonNode byName(ApiClient api, String folderId, RegistryOptions registry, String name, String view) {
        Optional<String> registryId = registry.id(api, folderId);
        if (registryId.isPresent()) {
            Map<String, String> query = ApiClient.query("registryId", registryId.get(), "deviceName", name);
            query.putAll(view(view));
            return api.get(PATH + ":getByName", query);
        }
        List<JsonNode> matches = Pages.collect(api, PATH, Map.of("folderId", folderId), "devices", 0).stream()
                .filter(device -> name.equals(device.path("name").asText()))
                .toList();
        if (matches.isEmpty()) {
            throw new UserException("device '" + name + "' not found in folder " + folderId);
        }
        if (matches.size() > 1) {
            throw new UserException("several registries of folder " + folderId + " have a device named '" + name
                    + "'; give --registry-id or --registry-name");
        }
        return view == null ? matches.get(0) : byId(api, matches.get(0).path("id").asText(), view);
    }

    private static Map<String, String> view(String view) {
        return view == null ? Map.of() : Map.of("deviceView", view);
    }

    /** How one command names the device: a positional and two options, and how those options are spelt. */
    record Ref(String positional, String id, String name, String flags) {
    }
}

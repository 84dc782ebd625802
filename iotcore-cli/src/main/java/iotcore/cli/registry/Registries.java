package iotcore.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.UserException;
import iotcore.cli.client.ApiClient;
import iotcore.cli.client.ApiException;
import iotcore.cli.client.Ids;

/** Finds a registry the way yc does: by id, by name within the folder, or by a positional NAME|ID. */
public final class Registries {

    public static final String PATH = "/iot-devices/v1/registries";

    private Registries() {
    }

    public static String path(String registryId) {
        return PATH + "/" + ApiClient.segment(registryId);
    }

    public static JsonNode byId(ApiClient api, String id) {
        return api.get(path(id));
    }

    public static JsonNode byName(ApiClient api, String folderId, String name) {
        return api.get(PATH + ":getByName", ApiClient.query("folderId", folderId, "registryName", name));
    }

    /** A positional that looks like an id is tried as one first; a 404 means it is a name after all. */
    public static JsonNode byIdOrName(ApiClient api, String folderId, String ref) {
        if (Ids.looksLikeId(ref)) {
            try {
                return byId(api, ref);
            } catch (ApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
        return byName(api, folderId, ref);
    }

    /**
     * The registry named by exactly one of the three ways.
     *
     * @param flags how the id and name options are spelt in this command, for the error message
     */
    static JsonNode find(ApiClient api, String folderId, String ref, String id, String name, String flags) {
        int given = (ref != null ? 1 : 0) + (id != null ? 1 : 0) + (name != null ? 1 : 0);
        if (given != 1) {
            throw new UserException((given == 0 ? "which registry? " : "give the registry only once: ")
                    + "give NAME|ID or one of " + flags);
        }
        if (id != null) {
            return byId(api, id);
        }
        return name != null ? byName(api, folderId, name) : byIdOrName(api, folderId, ref);
    }
}

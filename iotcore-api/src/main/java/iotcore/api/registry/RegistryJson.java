package iotcore.api.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.api.http.Json;
import iotcore.model.registry.Registry;

/** A Registry as the API shows it (spec §1.2), omitting empty values as proto3 JSON does. */
public final class RegistryJson {
    private RegistryJson() {
    }

    public static ObjectNode of(Registry r) {
        ObjectNode node = Json.object().put("id", r.id()).put("folderId", r.folderId());
        Json.putTime(node, "createdAt", r.createdAt());
        Json.putText(node, "name", r.name());
        Json.putText(node, "description", r.description());
        Json.putMap(node, "labels", r.labels());
        node.put("status", r.status().name());
        if (r.logOptions() != null) {
            node.set("logOptions", Json.read(r.logOptions()));
        }
        return node;
    }
}

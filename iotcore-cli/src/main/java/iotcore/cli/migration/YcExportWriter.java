package iotcore.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.UserException;
import iotcore.cli.client.Json;
import iotcore.cli.output.SnakeCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the answer of {@code GET /iotcore/v1/exports} as the yc export tree, snake_case as yc --format json. */
final class YcExportWriter {
    private final Path dir;

    /** What was written, for the summary line. */
    record Counts(int registries, int devices, int certificates, int aliases) {
        @Override
        public String toString() {
            return registries + " registries, " + devices + " devices, " + certificates + " certificates, " + aliases + " aliases";
        }
    }

    YcExportWriter(Path dir) {
        this.dir = dir;
    }

    Counts write(JsonNode export) {
        Map<String, ArrayNode> devicesByRegistry = new LinkedHashMap<>();
        Map<String, ArrayNode> certificatesByOwner = new LinkedHashMap<>();
        ArrayNode registries = Json.MAPPER.createArrayNode();
        export.path("registries").forEach(r -> {
            registries.add(SnakeCase.convert(r));
            devicesByRegistry.put(r.path("id").asText(), Json.MAPPER.createArrayNode());
        });
        export.path("devices").forEach(d -> devicesByRegistry
                .computeIfAbsent(d.path("registryId").asText(), k -> Json.MAPPER.createArrayNode()).add(d));
        export.path("certificates").forEach(c -> certificatesByOwner
                .computeIfAbsent(c.path("ownerKind").asText() + "/" + c.path("ownerId").asText(), k -> Json.MAPPER.createArrayNode())
                .add(certificate(c)));
        file("registries.json", registries);
        file("brokers.json", Json.MAPPER.createArrayNode());
        int devices = 0;
        int aliases = 0;
        for (Map.Entry<String, ArrayNode> entry : devicesByRegistry.entrySet()) {
            String registryId = entry.getKey();
            ArrayNode list = Json.MAPPER.createArrayNode();
            List<ObjectNode> registryAliases = new ArrayList<>();
            for (JsonNode device : entry.getValue()) {
                list.add(SnakeCase.convert(device));
                String deviceId = device.path("id").asText();
                device.path("topicAliases").properties().forEach(a -> registryAliases.add(Json.MAPPER.createObjectNode()
                        .put("device_id", deviceId).put("topic_prefix", a.getValue().asText()).put("alias", a.getKey())));
                file("device-certs-" + registryId + "/" + deviceId + ".json", owned(certificatesByOwner, "DEVICE", deviceId));
            }
            registryAliases.sort(Comparator.comparing(a -> a.path("alias").asText()));
            file("devices-" + registryId + ".json", list);
            file("registry-certs-" + registryId + ".json", owned(certificatesByOwner, "REGISTRY", registryId));
            file("aliases-" + registryId + ".json", Json.MAPPER.createArrayNode().addAll(registryAliases));
            devices += list.size();
            aliases += registryAliases.size();
        }
        return new Counts(registries.size(), devices, export.path("certificates").size(), aliases);
    }

    /** yc names the owner {@code registry_id} or {@code device_id}. */
    private static ObjectNode certificate(JsonNode c) {
        String owner = c.path("ownerKind").asText().equals("REGISTRY") ? "registry_id" : "device_id";
        ObjectNode out = Json.MAPPER.createObjectNode().put(owner, c.path("ownerId").asText())
                .put("fingerprint", c.path("fingerprint").asText()).put("certificate_data", c.path("certificateData").asText());
        if (c.hasNonNull("createdAt")) {
            out.put("created_at", c.path("createdAt").asText());
        }
        return out;
    }

    private static ArrayNode owned(Map<String, ArrayNode> byOwner, String kind, String id) {
        ArrayNode list = byOwner.get(kind + "/" + id);
        return list == null ? Json.MAPPER.createArrayNode() : list;
    }

    private void file(String name, ArrayNode content) {
        Path path = dir.resolve(name);
        try {
            Files.createDirectories(path.getParent());
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(path.toFile(), content);
        } catch (IOException e) {
            throw new UserException("cannot write " + path + ": " + e.getMessage());
        }
    }
}

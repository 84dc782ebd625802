package iotcore.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.FolderOption;
import iotcore.cli.MutatingCommand;
import iotcore.cli.client.Json;
import iotcore.cli.input.KeyValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code add-topic-aliases} and {@code remove-topic-aliases}: read the aliases, change them, write them back whole. */
final class TopicAliases {

    private TopicAliases() {
    }

    /**
     * Replaces {@code {id}} with the device id. The API does this on create only; doing it here lets the
     * same alias flags work on update.
     */
    static Map<String, String> withId(Map<String, String> aliases, String deviceId) {
        Map<String, String> resolved = new LinkedHashMap<>();
        aliases.forEach((alias, prefix) -> resolved.put(alias, prefix.replace("{id}", deviceId)));
        return resolved;
    }

    abstract static class Change extends MutatingCommand {

        @Mixin
        FolderOption folder;

        @Mixin
        DeviceTarget device;

        abstract void change(Map<String, String> aliases, String deviceId);

        @Override
        protected void run() {
            JsonNode current = device.fetch(api(), folder.id(), null);
            String id = current.path("id").asText();
            Map<String, String> aliases = new LinkedHashMap<>();
            current.path("topicAliases").properties().forEach(e -> aliases.put(e.getKey(), e.getValue().asText()));
            change(aliases, id);
            ObjectNode body = Json.object().put("updateMask", "topicAliases");
            body.set("topicAliases", Json.MAPPER.valueToTree(aliases));
            printResult(api().patch(Devices.path(id), body));
        }
    }

    @Command(name = "add-topic-aliases", description = "Add or overwrite topic aliases of a device.")
    static final class Add extends Change {

        @Option(names = "--topic-aliases", required = true, paramLabel = "ALIAS=PREFIX[,ALIAS=PREFIX...]")
        List<String> topicAliases;

        @Override
        void change(Map<String, String> current, String deviceId) {
            current.putAll(withId(KeyValues.parse("--topic-aliases", topicAliases), deviceId));
        }
    }

    @Command(name = "remove-topic-aliases", description = "Remove topic aliases of a device by alias.")
    static final class Remove extends Change {

        @Option(names = "--topic-aliases", required = true, paramLabel = "ALIAS[,ALIAS...]")
        List<String> topicAliases;

        @Override
        void change(Map<String, String> current, String deviceId) {
            current.keySet().removeAll(KeyValues.keys("--topic-aliases", topicAliases));
        }
    }
}

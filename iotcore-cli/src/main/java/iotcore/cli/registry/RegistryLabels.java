package iotcore.cli.registry;

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

/** {@code add-labels} and {@code remove-labels}: read the labels, change them, write them back whole. */
final class RegistryLabels {

    private RegistryLabels() {
    }

    abstract static class Change extends MutatingCommand {

        @Mixin
        FolderOption folder;

        @Mixin
        RegistryTarget registry;

        abstract void change(Map<String, String> labels);

        @Override
        protected void run() {
            JsonNode current = registry.fetch(api(), folder.id());
            Map<String, String> labels = new LinkedHashMap<>();
            current.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            change(labels);
            ObjectNode body = Json.object().put("updateMask", "labels");
            body.set("labels", Json.MAPPER.valueToTree(labels));
            printResult(api().patch(Registries.path(current.path("id").asText()), body));
        }
    }

    @Command(name = "add-labels", description = "Add or overwrite labels of a registry.")
    static final class Add extends Change {

        @Option(names = "--labels", required = true, paramLabel = "KEY=VALUE[,KEY=VALUE...]")
        List<String> labels;

        @Override
        void change(Map<String, String> current) {
            current.putAll(KeyValues.parse("--labels", labels));
        }
    }

    @Command(name = "remove-labels", description = "Remove labels of a registry by key.")
    static final class Remove extends Change {

        @Option(names = "--labels", required = true, paramLabel = "KEY[,KEY...]")
        List<String> labels;

        @Override
        void change(Map<String, String> current) {
            current.keySet().removeAll(KeyValues.keys("--labels", labels));
        }
    }
}

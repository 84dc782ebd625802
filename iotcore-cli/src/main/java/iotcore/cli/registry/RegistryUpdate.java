package iotcore.cli.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.FolderOption;
import iotcore.cli.MutatingCommand;
import iotcore.cli.UserException;
import iotcore.cli.client.Json;
import iotcore.cli.input.KeyValues;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "update", description = {"Change a registry.", "Only the given fields change; --labels replaces all labels."})
final class RegistryUpdate extends MutatingCommand {

    @Mixin
    FolderOption folder;

    @Mixin
    RegistryTarget registry;

    @Option(names = "--new-name", paramLabel = "NAME")
    String newName;

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Option(names = "--labels", paramLabel = "KEY=VALUE[,KEY=VALUE...]", description = "New labels, replacing all; '' removes all.")
    List<String> labels;

    @Mixin
    LoggingOptions logging;

    @Override
    protected void run() {
        List<String> mask = new ArrayList<>();
        ObjectNode body = Json.object();
        if (newName != null) {
            mask.add("name");
            body.put("name", newName);
        }
        if (description != null) {
            mask.add("description");
            body.put("description", description);
        }
        if (labels != null) {
            mask.add("labels");
            body.set("labels", Json.MAPPER.valueToTree(KeyValues.parse("--labels", labels)));
        }
        logging.toJson().ifPresent(options -> {
            mask.add("logOptions");
            body.set("logOptions", options);
        });
        if (mask.isEmpty()) {
            throw new UserException("nothing to update: give --new-name, --description, --labels or a logging option");
        }
        body.put("updateMask", String.join(",", mask));
        String id = registry.id(api(), folder.id());
        printResult(api().patch(Registries.path(id), body));
    }
}

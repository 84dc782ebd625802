package iotcore.cli.device;

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

@Command(name = "update", description = {"Change a device.", "Only the given fields change; --topic-aliases and --labels replace the whole map."})
final class DeviceUpdate extends MutatingCommand {

    @Mixin
    FolderOption folder;

    @Mixin
    DeviceTarget device;

    @Option(names = "--new-name", paramLabel = "NAME")
    String newName;

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Option(names = "--topic-aliases", paramLabel = "ALIAS=PREFIX[,ALIAS=PREFIX...]", description = "New topic aliases, replacing all; '' removes all.")
    List<String> topicAliases;

    @Option(names = "--labels", paramLabel = "KEY=VALUE[,KEY=VALUE...]", description = "New labels, replacing all; '' removes all.")
    List<String> labels;

    @Override
    protected void run() {
        if (newName == null && description == null && topicAliases == null && labels == null) {
            throw new UserException("nothing to update: give --new-name, --description, --topic-aliases or --labels");
        }
        String id = device.id(api(), folder.id());
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
        if (topicAliases != null) {
            mask.add("topicAliases");
            body.set("topicAliases", Json.MAPPER.valueToTree(
                    TopicAliases.withId(KeyValues.parse("--topic-aliases", topicAliases), id)));
        }
        if (labels != null) {
            mask.add("labels");
            body.set("labels", Json.MAPPER.valueToTree(KeyValues.parse("--labels", labels)));
        }
        body.put("updateMask", String.join(",", mask));
        printResult(api().patch(Devices.path(id), body));
    }
}

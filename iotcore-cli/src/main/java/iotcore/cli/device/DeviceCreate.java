package iotcore.cli.device;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.FolderOption;
import iotcore.cli.MutatingCommand;
import iotcore.cli.UserException;
import iotcore.cli.client.Json;
import iotcore.cli.input.KeyValues;
import iotcore.cli.input.PasswordOptions;
import iotcore.cli.input.TextFiles;
import iotcore.cli.registry.RegistryOptions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create", description = "Create a device in a registry.")
final class DeviceCreate extends MutatingCommand {

    @Mixin
    FolderOption folder;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Device name.")
    String positionalName;

    @Option(names = "--name", paramLabel = "NAME", description = "Device name.")
    String name;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Option(names = "--certificate-file", paramLabel = "FILE", description = "PEM certificate to add (repeatable).")
    List<Path> certificateFiles;

    @Option(names = "--topic-aliases", paramLabel = "ALIAS=PREFIX[,ALIAS=PREFIX...]",
            description = "Topic aliases; {id} in a prefix stands for the new device's id, e.g. a='$devices/{id}/events'.")
    List<String> topicAliases;

    @Option(names = "--labels", paramLabel = "KEY=VALUE[,KEY=VALUE...]", description = "Labels.")
    List<String> labels;

    @Mixin
    PasswordOptions password;

    @Override
    protected void run() {
        String registryId = registry.id(api(), folder.id())
                .orElseThrow(() -> new UserException("which registry? give --registry-id or --registry-name"));
        ObjectNode body = Json.object().put("registryId", registryId).put("name", name());
        if (description != null) {
            body.put("description", description);
        }
        if (certificateFiles != null) {
            ArrayNode certificates = body.putArray("certificates");
            certificateFiles.forEach(file -> certificates.addObject()
                    .put("certificateData", TextFiles.read("--certificate-file", file)));
        }
        if (topicAliases != null) {
            body.set("topicAliases", Json.MAPPER.valueToTree(KeyValues.parse("--topic-aliases", topicAliases)));
        }
        password.resolve(false, err()).ifPresent(secret -> body.put("password", secret));
        if (labels != null) {
            body.set("labels", Json.MAPPER.valueToTree(KeyValues.parse("--labels", labels)));
        }
        printResult(api().post(Devices.PATH, body));
    }

    private String name() {
        if (positionalName != null && name != null && !positionalName.equals(name)) {
            throw new UserException("give the device name once: NAME or --name");
        }
        String chosen = name != null ? name : positionalName;
        if (chosen == null) {
            throw new UserException("give the device name: iotcore device create NAME --registry-name REGISTRY");
        }
        return chosen;
    }
}

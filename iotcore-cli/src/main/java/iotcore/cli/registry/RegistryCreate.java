package iotcore.cli.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.FolderOption;
import iotcore.cli.MutatingCommand;
import iotcore.cli.UserException;
import iotcore.cli.client.Json;
import iotcore.cli.input.KeyValues;
import iotcore.cli.input.PasswordOptions;
import iotcore.cli.input.TextFiles;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create", description = "Create a device registry.")
final class RegistryCreate extends MutatingCommand {

    @Mixin
    FolderOption folder;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Registry name.")
    String positionalName;

    @Option(names = "--name", paramLabel = "NAME", description = "Registry name.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Option(names = "--labels", paramLabel = "KEY=VALUE[,KEY=VALUE...]", description = "Labels.")
    List<String> labels;

    @Option(names = "--certificate-file", paramLabel = "FILE", description = "PEM certificate to add (repeatable).")
    List<Path> certificateFiles;

    @Mixin
    PasswordOptions password;

    @Mixin
    LoggingOptions logging;

    @Override
    protected void run() {
        ObjectNode body = Json.object().put("folderId", folder.id()).put("name", name());
        if (description != null) {
            body.put("description", description);
        }
        if (labels != null) {
            body.set("labels", Json.MAPPER.valueToTree(KeyValues.parse("--labels", labels)));
        }
        if (certificateFiles != null) {
            ArrayNode certificates = body.putArray("certificates");
            certificateFiles.forEach(file -> certificates.addObject()
                    .put("certificateData", TextFiles.read("--certificate-file", file)));
        }
        password.resolve(false, err()).ifPresent(secret -> body.put("password", secret));
        logging.toJson().ifPresent(options -> body.set("logOptions", options));
        printResult(api().post(Registries.PATH, body));
    }

    private String name() {
        if (positionalName != null && name != null && !positionalName.equals(name)) {
            throw new UserException("give the registry name once: NAME or --name");
        }
        String chosen = name != null ? name : positionalName;
        if (chosen == null) {
            throw new UserException("give the registry name: iotcore registry create NAME");
        }
        return chosen;
    }
}

package iotcore.cli.registry;

import iotcore.cli.ApiCommand;
import iotcore.cli.FolderOption;
import iotcore.cli.client.Pages;
import iotcore.cli.output.Column;
import iotcore.cli.output.Table;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list-device-topic-aliases", description = "List the topic aliases of a registry's devices.")
final class RegistryTopicAliases extends ApiCommand {

    static final Table TABLE = Table.of(new Column("ALIAS", "alias"), new Column("TOPIC PREFIX", "topicPrefix"),
            new Column("DEVICE ID", "deviceId"));

    @Mixin
    FolderOption folder;

    @Mixin
    RegistryTarget registry;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N aliases (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected void run() {
        String path = Registries.path(registry.id(api(), folder.id())) + ":listDeviceTopicAliases";
        printer().list(Pages.collect(api(), path, Map.of(), "aliases", limit), TABLE);
    }
}

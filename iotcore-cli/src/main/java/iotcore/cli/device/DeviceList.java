package iotcore.cli.device;

import iotcore.cli.ApiCommand;
import iotcore.cli.FolderOption;
import iotcore.cli.client.Pages;
import iotcore.cli.output.Column;
import iotcore.cli.output.Table;
import iotcore.cli.registry.RegistryOptions;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List the devices of a registry or folder.")
final class DeviceList extends ApiCommand {

    static final Table TABLE = Table.of(new Column("ID", "id"), new Column("NAME", "name"), new Column("STATUS", "status"));

    @Mixin
    FolderOption folder;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N devices (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected void run() {
        Optional<String> registryId = registry.id(api(), folder.id());
        Map<String, String> query = registryId.isPresent()
                ? Map.of("registryId", registryId.get())
                : Map.of("folderId", folder.id());
        printer().list(Pages.collect(api(), Devices.PATH, query, "devices", limit), TABLE);
    }
}

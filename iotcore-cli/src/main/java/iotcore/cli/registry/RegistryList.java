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

@Command(name = "list", description = "List the registries of a folder.")
final class RegistryList extends ApiCommand {

    static final Table TABLE = Table.of(new Column("ID", "id"), new Column("NAME", "name"), new Column("STATUS", "status"));

    @Mixin
    FolderOption folder;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N registries (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected void run() {
        printer().list(Pages.collect(api(), Registries.PATH, Map.of("folderId", folder.id()), "registries", limit), TABLE);
    }
}

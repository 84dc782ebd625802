package iotcore.cli.registry;

import iotcore.cli.ApiCommand;
import iotcore.cli.FolderOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "get", description = "Show a registry.")
final class RegistryGet extends ApiCommand {

    @Mixin
    FolderOption folder;

    @Mixin
    RegistryTarget registry;

    @Override
    protected void run() {
        print(registry.fetch(api(), folder.id()));
    }
}

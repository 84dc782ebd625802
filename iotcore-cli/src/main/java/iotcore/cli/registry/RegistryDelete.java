package iotcore.cli.registry;

import iotcore.cli.FolderOption;
import iotcore.cli.MutatingCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "delete", description = "Delete a registry (it must have no devices).")
final class RegistryDelete extends MutatingCommand {

    @Mixin
    FolderOption folder;

    @Mixin
    RegistryTarget registry;

    @Override
    protected void run() {
        finish(api().delete(Registries.path(registry.id(api(), folder.id()))));
    }
}

package iotcore.cli.registry;

import iotcore.cli.FolderOption;
import iotcore.cli.MutatingCommand;
import iotcore.cli.client.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code disable} and {@code enable}: custom methods {@code :disable}/{@code :enable} printing the registry. */
final class RegistryStatus {

    private RegistryStatus() {
    }

    abstract static class Change extends MutatingCommand {

        @Mixin
        FolderOption folder;

        @Mixin
        RegistryTarget registry;

        abstract String method();

        @Override
        protected void run() {
            String id = registry.id(api(), folder.id());
            printResult(api().post(Registries.path(id) + ":" + method(), Json.object()));
        }
    }

    @Command(name = "disable", description = {"Disable a registry.", "It and its devices stop accepting MQTT connections."})
    static final class Disable extends Change {
        @Override
        String method() {
            return "disable";
        }
    }

    @Command(name = "enable", description = "Enable a disabled registry.")
    static final class Enable extends Change {
        @Override
        String method() {
            return "enable";
        }
    }
}

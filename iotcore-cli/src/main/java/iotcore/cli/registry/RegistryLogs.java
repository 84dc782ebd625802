package iotcore.cli.registry;

import iotcore.cli.ApiCommand;
import iotcore.cli.FolderOption;
import iotcore.cli.logs.ConnectionLogs;
import iotcore.cli.logs.LogOptions;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "logs", description = {
        "Show the connection log of a registry.",
        "Connects, disconnects and refusals under the registry's own identity, oldest first."})
final class RegistryLogs extends ApiCommand {

    @Mixin
    FolderOption folder;

    @Mixin
    RegistryTarget registry;

    @Mixin
    LogOptions logs;

    @Override
    protected void run() {
        String path = Registries.path(registry.id(api(), folder.id()));
        new ConnectionLogs(api(), Clock.systemUTC()).print(path, logs, output.format(), spec.commandLine().getOut());
    }
}
